'use client';
// SVG renderer of the map stage, for maps small enough to be real elements (map-svg.tsx).
// A frame only moves the layer to the current pan and zoom; React re-renders the elements
// when the scene, selection or hover changes. Picking reads the elements' `data-hit`.
import { useImperativeHandle, useRef, type Ref } from 'react';
import { domHit, type MapRenderer } from './map-stage-renderer';
import type { Scene } from './map-scene';
import { MapSvg } from './map-svg';
import styles from './map-stage.module.css';

export interface MapStageSvgProps {
  scene: Scene;
  selectedId?: string;
  hoveredId?: string;
  onToggleGroup: (namespace: string) => void;
  ref?: Ref<MapRenderer>;
}

export function MapStageSvg({
  scene,
  selectedId,
  hoveredId,
  onToggleGroup,
  ref,
}: MapStageSvgProps) {
  const layerRef = useRef<SVGGElement>(null);

  useImperativeHandle(
    ref,
    () => ({
      draw: ({ t }) => {
        layerRef.current?.setAttribute('transform', t.toString());
        return scene.nodes.length > 0;
      },
      pick: (p) => domHit(p.target)?.hit,
    }),
    [scene],
  );

  return (
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
  );
}
