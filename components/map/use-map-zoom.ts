'use client';
// Pan and zoom of the map stage. d3-zoom is bound once to the stage element and the
// transform lives in a ref, so a zoom frame never re-renders React: each zoom event asks for
// one requestAnimationFrame, which hands the frame to the latest painter. A last frame
// follows once the gesture rests, for renderers that draw cheaply while it runs.
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import {
  select,
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';
import type { Scene } from './map-scene';
import type { StageFrame } from './map-stage-renderer';

/** A gesture has rested once no pan or zoom event came for this long. */
export const GESTURE_REST_MS = 180;

export interface ZoomFrame extends StageFrame {
  /** The view was fitted to the scene once. */
  fitted: boolean;
}

export interface MapZoom {
  /** The element d3-zoom listens on and fits to. */
  stageRef: RefObject<HTMLDivElement | null>;
  /** Asks for a frame; several asks before it runs make one frame. */
  schedule: () => void;
  /** Fits the view to the first scene with nodes; after that the user's view stays. */
  fitOnce: (scene: Scene) => void;
  /** Animates the view to fit the scene (the Fit button). */
  fit: (scene: Scene) => void;
  /** The transform of the last zoom event. */
  transform: () => ZoomTransform;
}

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

export function useMapZoom(paint: (frame: ZoomFrame) => void): MapZoom {
  const stageRef = useRef<HTMLDivElement>(null);
  const behaviourRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | undefined>(undefined);
  const transformRef = useRef(zoomIdentity);
  const fittedRef = useRef(false);
  const frameRef = useRef(0);
  /** Time of the last zoom or pan event. */
  const gestureAtRef = useRef(0);
  const restTimerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  }, [paint]);

  const schedule = useCallback(() => {
    frameRef.current ||= requestAnimationFrame(() => {
      frameRef.current = 0;
      const stage = stageRef.current;
      if (!stage) return;
      paintRef.current({
        stage,
        t: transformRef.current,
        resting: performance.now() - gestureAtRef.current >= GESTURE_REST_MS,
        fitted: fittedRef.current,
      });
    });
  }, []);

  // Bound once; every event reaches the latest painter through paintRef.
  useEffect(() => {
    const el = stageRef.current;
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
    behaviourRef.current = behaviour;
    const resize = new ResizeObserver(() => schedule());
    resize.observe(el);
    return () => {
      resize.disconnect();
      select(el).on('.zoom', null);
      cancelAnimationFrame(frameRef.current);
      clearTimeout(restTimerRef.current);
      frameRef.current = 0;
    };
  }, [schedule]);

  const fitOnce = useCallback((scene: Scene) => {
    const el = stageRef.current;
    const behaviour = behaviourRef.current;
    if (!el || !behaviour || fittedRef.current || scene.nodes.length === 0) return;
    fittedRef.current = true;
    select(el).call(behaviour.transform, fitTransform(scene, el.clientWidth, el.clientHeight));
  }, []);

  const fit = useCallback((scene: Scene) => {
    const el = stageRef.current;
    const behaviour = behaviourRef.current;
    if (!el || !behaviour) return;
    select(el)
      .transition()
      .duration(250)
      .call(behaviour.transform, fitTransform(scene, el.clientWidth, el.clientHeight));
  }, []);

  const transform = useCallback(() => transformRef.current, []);

  return { stageRef, schedule, fitOnce, fit, transform };
}
