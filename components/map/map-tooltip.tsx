// The hover card of a node or link: name, kind, and its counts in short. It measures itself
// once drawn and is placed inside the stage (placeTooltip), never under the side panel.
import { useLayoutEffect, useRef, useState } from 'react';
import { cleanText } from '@/lib/flows/format-flow';
import { MapSummary } from './map-summary';
import type { Subject } from './map-subject';
import { placeTooltip, type Size } from './tooltip-place';
import styles from './map-panel.module.css';

export interface MapTooltipProps {
  subject: Subject;
  x: number;
  y: number;
  stage: Size;
}

export function MapTooltip({ subject, x, y, stage }: MapTooltipProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | undefined>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const next = { width: el.offsetWidth, height: el.offsetHeight };
    setSize((prev) =>
      prev && prev.width === next.width && prev.height === next.height ? prev : next,
    );
  }, [subject]);
  // Only numbers reach the style. Until measured, the card is laid out but not shown.
  const place = size ? placeTooltip(x, y, size, stage) : { left: 0, top: 0 };
  const style = { ...place, visibility: size ? undefined : ('hidden' as const) };
  return (
    <div
      ref={ref}
      className={styles.tooltip}
      style={style}
      data-testid="map-tooltip"
      role="tooltip"
    >
      <div className={styles.tooltipTitle}>{cleanText(subject.title)}</div>
      <div className={styles.tooltipSub}>{subject.subtitle}</div>
      <MapSummary data={subject.summary} compact />
    </div>
  );
}
