'use client';
// Canvas renderer of the map stage, for maps too large to be SVG elements. While a pan or
// zoom runs, each frame moves the last full draw as one image; the full draw follows once
// the gesture rests. Picking is geometric: namespace labels, then nodes, then links.
import { useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { ZoomTransform } from 'd3';
import { nodeIndex, pickNode, pickSegment } from '@/lib/map/hit-test';
import {
  drawHighlights,
  drawScene,
  drawSnapshot,
  groupLabelBox,
  takeSnapshot,
  type DrawOptions,
  type Snapshot,
} from './draw-map';
import type { Scene } from './map-scene';
import type { Hit, MapRenderer, StageFrame, StagePointer } from './map-stage-renderer';
import styles from './map-stage.module.css';

export interface MapStageCanvasProps {
  scene: Scene;
  selectedId?: string;
  hoveredId?: string;
  ref?: Ref<MapRenderer>;
}

type Picking = ReturnType<typeof pickingIndex>;

function pickingIndex(scene: Scene) {
  return {
    nodes: nodeIndex(scene.nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, r: n.r }))),
    links: scene.links.map((l) => ({
      id: l.id,
      x1: l.x1,
      y1: l.y1,
      x2: l.arrow[0],
      y2: l.arrow[1],
    })),
  };
}

function pick(scene: Scene, picking: Picking, p: StagePointer, t: ZoomTransform): Hit | undefined {
  for (const g of scene.groups) {
    const b = groupLabelBox(g, t);
    if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) {
      return { kind: 'group', id: g.namespace };
    }
  }
  const [x, y] = t.invert([p.x, p.y]);
  const node = pickNode(picking.nodes, { x, y }, scene.maxRadius, 2 / t.k);
  if (node) return { kind: 'node', id: node.id };
  const link = pickSegment(picking.links, { x, y }, 5 / t.k);
  return link ? { kind: 'link', id: link.id } : undefined;
}

/** Sizes the canvas's backing store to the stage at the screen's pixel ratio. */
function fitCanvas(canvas: HTMLCanvasElement, stage: HTMLDivElement): DrawOptions {
  const dpr = window.devicePixelRatio || 1;
  const width = stage.clientWidth;
  const height = stage.clientHeight;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  return { width, height, dpr };
}

/** The last full draw still serves: same scene and size, and the gesture runs or did not move. */
function reusable(
  snap: Snapshot | undefined,
  scene: Scene,
  o: DrawOptions,
  frame: StageFrame,
): snap is Snapshot {
  return (
    snap?.scene === scene &&
    snap.width === o.width &&
    snap.height === o.height &&
    snap.dpr === o.dpr &&
    (!frame.resting || snap.t.toString() === frame.t.toString())
  );
}

export function MapStageCanvas({ scene, selectedId, hoveredId, ref }: MapStageCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const snapshotRef = useRef<Snapshot | undefined>(undefined);
  const picking = useMemo(() => pickingIndex(scene), [scene]);

  useImperativeHandle(
    ref,
    () => ({
      draw: (frame) => {
        const canvas = canvasRef.current;
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return false;
        const { t } = frame;
        const o = fitCanvas(canvas, frame.stage);
        const snap = snapshotRef.current;
        const reuse = reusable(snap, scene, o, frame);
        const started = performance.now();
        if (reuse) {
          drawSnapshot(ctx, snap, t, o);
        } else {
          drawScene(ctx, scene, t, o);
          snapshotRef.current = takeSnapshot(canvas, snap, scene, t, o);
        }
        drawHighlights(ctx, scene, t, o, { selectedId, hoveredId });
        frame.stage.dataset.drawMs = (performance.now() - started).toFixed(1);
        return scene.nodes.length > 0;
      },
      pick: (p, t) => pick(scene, picking, p, t),
    }),
    [scene, picking, selectedId, hoveredId],
  );

  return <canvas ref={canvasRef} className={styles.canvas} aria-label="Service map" role="img" />;
}
