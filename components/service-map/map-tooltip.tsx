// The hover card of a node or link: name, kind, and its counts in short.
import { cleanText } from '@/lib/format-flow';
import { MapSummary } from './map-summary';
import type { Subject } from './map-subject';
import styles from './map-panel.module.css';

export interface MapTooltipProps {
  subject: Subject;
  x: number;
  y: number;
  flipX: boolean;
  flipY: boolean;
}

export function MapTooltip({ subject, x, y, flipX, flipY }: MapTooltipProps) {
  // Only numbers reach the style; near the right/bottom edges the card opens the other way.
  const style = {
    left: x + 14,
    top: y + 14,
    transform: `translate(${flipX ? 'calc(-100% - 28px)' : '0'}, ${flipY ? 'calc(-100% - 28px)' : '0'})`,
  };
  return (
    <div className={styles.tooltip} style={style} data-testid="map-tooltip" role="tooltip">
      <div className={styles.tooltipTitle}>{cleanText(subject.title)}</div>
      <div className={styles.tooltipSub}>{subject.subtitle}</div>
      <MapSummary data={subject.summary} compact />
    </div>
  );
}
