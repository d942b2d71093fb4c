'use client';
// The map's drawing surface: picks the renderer for the scene (SVG for small maps, canvas for
// large ones), pans and zooms it (use-map-zoom), fits the view, and turns pointer and keyboard
// input on the drawn elements into hover, selection and namespace toggles. What a click
// means is the parent's call.
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import { sceneMode, type Scene } from './map-scene';
import { MapStageCanvas } from './map-stage-canvas';
import { domHit, type Hit, type MapRenderer, type StagePointer } from './map-stage-renderer';
import { MapStageSvg } from './map-stage-svg';
import { MapTooltip } from './map-tooltip';
import type { Subject } from './map-subject';
import { useMapZoom, type ZoomFrame } from './use-map-zoom';
import styles from './map-stage.module.css';

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

function pointer(e: ReactMouseEvent<HTMLDivElement>): StagePointer & { rect: DOMRect } {
  const rect = e.currentTarget.getBoundingClientRect();
  return { target: e.target as Element, x: e.clientX - rect.left, y: e.clientY - rect.top, rect };
}

// Keyboard: Tab reaches every node and link, arrows walk them, Enter or Space opens one.
function onStageKey(e: ReactKeyboardEvent<HTMLDivElement>, onSelect: MapStageProps['onSelect']) {
  const found = domHit(e.target as Element);
  if (!found) return;
  const { kind, id } = found.hit;
  if (kind === 'group') return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    onSelect({ kind, id });
    return;
  }
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  if (!step) return;
  e.preventDefault();
  const all = [...e.currentTarget.querySelectorAll<SVGGElement>(FOCUSABLE)];
  const next = all[(all.indexOf(found.el as SVGGElement) + step + all.length) % all.length];
  next?.focus();
}

/** What the pointer is over while no button is down (a drag pans instead). */
function useHover(pick: (p: StagePointer) => Hit | undefined) {
  const [hover, setHover] = useState<Hover | undefined>();
  const onMove = (e: ReactMouseEvent<HTMLDivElement>) => {
    if (e.buttons !== 0) return;
    const p = pointer(e);
    const hit = pick(p);
    const stage = { width: p.rect.width, height: p.rect.height };
    setHover(hit ? { ...hit, x: p.x, y: p.y, stage } : undefined);
  };
  return { hover, onMove, onLeave: () => setHover(undefined) };
}

/** Read by tests and the render bench: the first complete picture is on screen. */
function markRendered(stage: HTMLDivElement) {
  if (stage.dataset.rendered === 'true') return;
  stage.dataset.rendered = 'true';
  stage.dataset.renderedAt = performance.now().toFixed(0);
}

export function MapStage({
  scene,
  selectedId,
  onSelect,
  onToggleGroup,
  describeHit,
}: MapStageProps) {
  const renderer = useRef<MapRenderer>(null);
  const paint = useCallback((frame: ZoomFrame) => {
    if (renderer.current?.draw(frame) && frame.fitted) markRendered(frame.stage);
  }, []);
  const { stageRef, schedule, fitOnce, fit, transform } = useMapZoom(paint);
  const pick = (p: StagePointer) => renderer.current?.pick(p, transform());
  const { hover, onMove, onLeave } = useHover(pick);
  const mode = sceneMode(scene);
  const hoveredId = hover && hover.kind !== 'group' ? hover.id : undefined;

  // A new scene, selection or hover is drawn at the next frame; the first scene is fitted.
  useEffect(() => {
    fitOnce(scene);
    schedule();
  }, [fitOnce, schedule, scene, selectedId, hoveredId]);

  const onClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    if ((e.target as Element).closest('[data-stage-control]')) return;
    const hit = pick(pointer(e));
    if (!hit) onSelect(undefined);
    else if (hit.kind === 'group') onToggleGroup(hit.id);
    else onSelect({ kind: hit.kind, id: hit.id });
  };

  const subject =
    hover && hover.kind !== 'group' ? describeHit({ kind: hover.kind, id: hover.id }) : undefined;
  return (
    <div
      ref={stageRef}
      className={styles.stage}
      data-testid="service-map"
      data-mode={mode}
      data-node-count={scene.nodes.length}
      data-link-count={scene.links.length}
      onMouseMove={onMove}
      onMouseLeave={onLeave}
      onClick={onClick}
      onKeyDown={(e) => onStageKey(e, onSelect)}
      style={{ cursor: hover ? 'pointer' : undefined }}
    >
      {mode === 'canvas' ? (
        <MapStageCanvas
          ref={renderer}
          scene={scene}
          selectedId={selectedId}
          hoveredId={hoveredId}
        />
      ) : (
        <MapStageSvg
          ref={renderer}
          scene={scene}
          selectedId={selectedId}
          hoveredId={hoveredId}
          onToggleGroup={onToggleGroup}
        />
      )}
      <button
        type="button"
        className={`button ${styles.fit}`}
        data-stage-control
        data-testid="map-fit"
        onClick={() => fit(scene)}
      >
        Fit
      </button>
      {subject && hover ? (
        <MapTooltip subject={subject} x={hover.x} y={hover.y} stage={hover.stage} />
      ) : null}
    </div>
  );
}
