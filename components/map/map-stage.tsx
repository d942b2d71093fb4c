'use client';
// The map's drawing surface: d3-zoom pan and zoom over either the SVG renderer (small maps)
// or the canvas renderer (large maps, redrawn once per animation frame), pointer picking
// for both, and the hover tooltip. It only draws; what a click means is the parent's call.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, MouseEvent as ReactMouseEvent } from 'react';
import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { nodeIndex, pickNode, pickSegment } from '@/lib/map/hit-test';
import {
  drawHighlights,
  drawScene,
  drawSnapshot,
  groupLabelBox,
  takeSnapshot,
  type Snapshot,
} from './draw-map';
import { sceneMode, type Scene } from './map-scene';
import { MapSvg } from './map-svg';
import { MapTooltip } from './map-tooltip';
import type { Subject } from './map-subject';
import styles from './map-stage.module.css';

/** A full canvas draw happens once pan/zoom has paused this long. */
const GESTURE_REST_MS = 180;

export type Hit = { kind: 'node' | 'link' | 'group'; id: string };

export interface MapStageProps {
  scene: Scene;
  selectedId?: string;
  onSelect: (hit: { kind: 'node' | 'link'; id: string } | undefined) => void;
  onToggleGroup: (namespace: string) => void;
  describeHit: (hit: { kind: 'node' | 'link'; id: string }) => Subject | undefined;
}

interface Hover extends Hit {
  x: number;
  y: number;
  /** The stage's size, which the tooltip stays inside. */
  stage: { width: number; height: number };
}

/** Nodes and links of the SVG renderer, in the order arrow keys walk them. */
const FOCUSABLE = '[data-hit="node"], [data-hit="link"]';

function fitTransform(scene: Scene, width: number, height: number) {
  const { x0, y0, x1, y1 } = scene.bounds;
  const k = Math.min(
    1.6,
    (0.92 * width) / Math.max(x1 - x0, 1),
    (0.92 * height) / Math.max(y1 - y0, 1),
  );
  return zoomIdentity
    .translate(width / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2)
    .scale(k);
}

export function MapStage({
  scene,
  selectedId,
  onSelect,
  onToggleGroup,
  describeHit,
}: MapStageProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const transformRef = useRef(zoomIdentity);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | undefined>(undefined);
  const frameRef = useRef(0);
  const drawRef = useRef<() => void>(() => undefined);
  const fittedRef = useRef(false);
  const snapshotRef = useRef<Snapshot | undefined>(undefined);
  /** Time of the last zoom or pan event; a full canvas draw waits until it rests. */
  const gestureAtRef = useRef(0);
  const restTimerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [hover, setHover] = useState<Hover | undefined>();
  const mode = sceneMode(scene);
  const hoveredId = hover && hover.kind !== 'group' ? hover.id : undefined;

  const picking = useMemo(
    () =>
      mode === 'canvas'
        ? {
            nodes: nodeIndex(scene.nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, r: n.r }))),
            links: scene.links.map((l) => ({
              id: l.id,
              x1: l.x1,
              y1: l.y1,
              x2: l.arrow[0],
              y2: l.arrow[1],
            })),
          }
        : undefined,
    [scene, mode],
  );

  const schedule = () => {
    frameRef.current ||= requestAnimationFrame(() => {
      frameRef.current = 0;
      drawRef.current();
    });
  };

  // Zoom is bound once; it always calls the latest draw through drawRef.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const behaviour = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.02, 8])
      .on('zoom', (event: D3ZoomEvent<HTMLDivElement, unknown>) => {
        transformRef.current = event.transform;
        gestureAtRef.current = performance.now();
        clearTimeout(restTimerRef.current);
        restTimerRef.current = setTimeout(schedule, GESTURE_REST_MS);
        schedule();
      });
    select(el).call(behaviour).on('dblclick.zoom', null);
    zoomRef.current = behaviour;
    const resize = new ResizeObserver(() => schedule());
    resize.observe(el);
    return () => {
      resize.disconnect();
      select(el).on('.zoom', null);
      cancelAnimationFrame(frameRef.current);
      clearTimeout(restTimerRef.current);
      frameRef.current = 0;
    };
  }, []);

  useEffect(() => {
    drawRef.current = () => {
      const el = containerRef.current;
      if (!el) return;
      const t = transformRef.current;
      if (mode === 'svg') {
        layerRef.current?.setAttribute('transform', t.toString());
      } else {
        const canvas = canvasRef.current;
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return;
        const dpr = window.devicePixelRatio || 1;
        const width = el.clientWidth;
        const height = el.clientHeight;
        if (
          canvas.width !== Math.round(width * dpr) ||
          canvas.height !== Math.round(height * dpr)
        ) {
          canvas.width = Math.round(width * dpr);
          canvas.height = Math.round(height * dpr);
        }
        const o = { width, height, dpr };
        const snap = snapshotRef.current;
        const reusable =
          snap?.scene === scene &&
          snap.width === width &&
          snap.height === height &&
          snap.dpr === dpr;
        const resting = performance.now() - gestureAtRef.current >= GESTURE_REST_MS;
        const moved = snap ? snap.t.toString() !== t.toString() : true;
        const started = performance.now();
        if (reusable && snap && (!resting || !moved)) {
          drawSnapshot(ctx, snap, t, o);
        } else {
          drawScene(ctx, scene, t, o);
          snapshotRef.current = takeSnapshot(canvas, snap, scene, t, o);
        }
        drawHighlights(ctx, scene, t, o, { selectedId, hoveredId });
        el.dataset.drawMs = (performance.now() - started).toFixed(1);
      }
      // Read by tests and the render bench: the first complete picture is on screen.
      if (scene.nodes.length > 0 && fittedRef.current && el.dataset.rendered !== 'true') {
        el.dataset.rendered = 'true';
        el.dataset.renderedAt = performance.now().toFixed(0);
      }
    };
    const el = containerRef.current;
    if (el && zoomRef.current && !fittedRef.current && scene.nodes.length > 0) {
      fittedRef.current = true;
      select(el).call(
        zoomRef.current.transform,
        fitTransform(scene, el.clientWidth, el.clientHeight),
      );
    }
    schedule();
  }, [scene, mode, selectedId, hoveredId]);

  const fit = () => {
    const el = containerRef.current;
    if (el && zoomRef.current) {
      select(el)
        .transition()
        .duration(250)
        .call(zoomRef.current.transform, fitTransform(scene, el.clientWidth, el.clientHeight));
    }
  };

  const pick = (e: ReactMouseEvent<HTMLDivElement>): Hit | undefined => {
    if (mode === 'svg') {
      const el = (e.target as Element).closest('[data-hit]');
      const kind = el?.getAttribute('data-hit');
      const id = el?.getAttribute('data-hit-id');
      if (!kind || id === null || id === undefined) return undefined;
      return kind === 'node' || kind === 'link' || kind === 'group' ? { kind, id } : undefined;
    }
    const rect = e.currentTarget.getBoundingClientRect();
    const sx = e.clientX - rect.left;
    const sy = e.clientY - rect.top;
    const t = transformRef.current;
    for (const g of scene.groups) {
      const b = groupLabelBox(g, t);
      if (sx >= b.x && sx <= b.x + b.w && sy >= b.y && sy <= b.y + b.h) {
        return { kind: 'group', id: g.namespace };
      }
    }
    if (!picking) return undefined;
    const [x, y] = t.invert([sx, sy]);
    const node = pickNode(picking.nodes, { x, y }, scene.maxRadius, 2 / t.k);
    if (node) return { kind: 'node', id: node.id };
    const link = pickSegment(picking.links, { x, y }, 5 / t.k);
    return link ? { kind: 'link', id: link.id } : undefined;
  };

  const onMove = (e: ReactMouseEvent<HTMLDivElement>) => {
    if (e.buttons !== 0) return;
    const hit = pick(e);
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    setHover(hit ? { ...hit, x, y, stage: { width: rect.width, height: rect.height } } : undefined);
  };

  // Keyboard: Tab reaches every node and link, arrows walk them, Enter or Space opens one.
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const el = (e.target as Element).closest('[data-hit]');
    const kind = el?.getAttribute('data-hit');
    const id = el?.getAttribute('data-hit-id');
    if (!el || (kind !== 'node' && kind !== 'link') || id === null || id === undefined) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect({ kind, id });
      return;
    }
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    const all = [...e.currentTarget.querySelectorAll<SVGGElement>(FOCUSABLE)];
    const next = all[(all.indexOf(el as SVGGElement) + step + all.length) % all.length];
    next?.focus();
  };

  const onClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    if ((e.target as Element).closest('[data-stage-control]')) return;
    const hit = pick(e);
    if (!hit) onSelect(undefined);
    else if (hit.kind === 'group') onToggleGroup(hit.id);
    else onSelect({ kind: hit.kind, id: hit.id });
  };

  const subject =
    hover && hover.kind !== 'group' ? describeHit({ kind: hover.kind, id: hover.id }) : undefined;
  const canvasMode = mode === 'canvas';
  return (
    <div
      ref={containerRef}
      className={styles.stage}
      data-testid="service-map"
      data-mode={mode}
      data-node-count={scene.nodes.length}
      data-link-count={scene.links.length}
      onMouseMove={onMove}
      onMouseLeave={() => setHover(undefined)}
      onClick={onClick}
      onKeyDown={onKeyDown}
      style={{ cursor: hover ? 'pointer' : undefined }}
    >
      {canvasMode ? (
        <canvas ref={canvasRef} className={styles.canvas} aria-label="Service map" role="img" />
      ) : (
        <svg className={styles.svg} role="group" aria-label="Service map">
          <g ref={layerRef}>
            <MapSvg
              scene={scene}
              selectedId={selectedId}
              hoveredId={hoveredId}
              onToggleGroup={onToggleGroup}
            />
          </g>
        </svg>
      )}
      <button
        type="button"
        className={`button ${styles.fit}`}
        data-stage-control
        data-testid="map-fit"
        onClick={fit}
      >
        Fit
      </button>
      {subject && hover ? <MapTooltip subject={subject} {...hover} /> : null}
    </div>
  );
}
