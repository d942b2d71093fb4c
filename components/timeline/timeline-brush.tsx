'use client';
// d3-brush along the time axis of the verdict chart. It sits on the axis strip, not over
// the bars, so clicking a bar still selects it. On release the brushed times become the
// shared window (through onBrush) and the brush clears itself; the new window redraws.
import { useEffect, useRef } from 'react';
import { brushX, scaleTime, select, type D3BrushEvent } from 'd3';
import { brushWindow } from '@/lib/timeline/brush';
import styles from './drop-timeline.module.css';

export interface TimelineBrushProps {
  /** The chart's window, epoch ms, mapped onto [0, width]. */
  from: number;
  to: number;
  width: number;
  top: number;
  height: number;
  onBrush: (range: { from: number; to: number }) => void;
}

export function TimelineBrush({ from, to, width, top, height, onBrush }: TimelineBrushProps) {
  const ref = useRef<SVGGElement>(null);
  // The latest callback, without re-creating the brush on every render.
  const onBrushRef = useRef(onBrush);
  useEffect(() => {
    onBrushRef.current = onBrush;
  }, [onBrush]);

  useEffect(() => {
    const node = ref.current;
    if (!node || width <= 0) return;
    const x = scaleTime()
      .domain([new Date(from), new Date(to)])
      .range([0, width]);
    const g = select(node);
    const brush = brushX<unknown>()
      .extent([
        [0, top],
        [width, top + height],
      ])
      .on('end', (event: D3BrushEvent<unknown>) => {
        // Programmatic moves (the clear below) have no source event.
        if (!event.sourceEvent || !event.selection) return;
        const [a, b] = event.selection as [number, number];
        g.call(brush.move, null);
        const range = brushWindow(x.invert(a).getTime(), x.invert(b).getTime());
        if (range) onBrushRef.current(range);
      });
    g.call(brush);
    return () => {
      g.on('.brush', null);
      g.selectAll('*').remove();
    };
  }, [from, to, width, top, height]);

  return <g ref={ref} className={styles.brush} data-testid="timeline-brush" />;
}
