// What the map stage asks of a renderer: paint one frame under the current pan and zoom, and
// say what is under the pointer. The SVG renderer (small maps) and the canvas renderer (large
// maps) both answer it, so the stage treats them alike.
import type { ZoomTransform } from 'd3';

export type Hit = { kind: 'node' | 'link' | 'group'; id: string };

/** One frame of the stage, as the zoom hook hands it out. */
export interface StageFrame {
  /** The stage element; its size is the viewport. */
  stage: HTMLDivElement;
  t: ZoomTransform;
  /** No pan or zoom event for a while: the gesture is over. */
  resting: boolean;
}

/** A pointer event in stage coordinates. */
export interface StagePointer {
  target: Element;
  x: number;
  y: number;
}

export interface MapRenderer {
  /** Paints one frame; true once a picture of a non-empty scene is on screen. */
  draw: (frame: StageFrame) => boolean;
  pick: (p: StagePointer, t: ZoomTransform) => Hit | undefined;
}

/** The `data-hit` element at or above `target` (SVG renderer), and what it stands for. */
export function domHit(target: Element): { el: Element; hit: Hit } | undefined {
  const el = target.closest('[data-hit]');
  const kind = el?.getAttribute('data-hit');
  const id = el?.getAttribute('data-hit-id');
  if (!el || id === null || id === undefined) return undefined;
  return kind === 'node' || kind === 'link' || kind === 'group'
    ? { el, hit: { kind, id } }
    : undefined;
}
