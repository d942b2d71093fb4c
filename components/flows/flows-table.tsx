'use client';
// The flows list, virtualized: only the rows in view (plus overscan) exist in the DOM, so
// 10,000 retained flows cost the same to render as 50.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FlowRow as FlowRowData } from '@/lib/api/types';
import { zoneShort } from '@/lib/time-window/time-format';
import { useFlowDecisions, useStagedMarks } from '@/lib/flows/use-flow-decisions';
import { FlowRow } from './flow-row';

const ROW_HEIGHT = 26;

const COLUMNS = [
  'Time',
  'Source',
  'Destination',
  'Port',
  'L7',
  'Verdict',
  'Drop reason',
  'Decided by',
  'Node',
] as const;

export interface FlowsTableProps {
  flows: readonly FlowRowData[];
  selectedId?: string;
  onSelect: (id: string) => void;
}

export function FlowsTable({ flows, selectedId, onSelect }: FlowsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not enabled, so the virtualizer's unmemoizable API is safe here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: flows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    // Keyed by flow id so prepending new flows moves rows instead of re-rendering them all.
    getItemKey: (index) => flows[index]?.id ?? index,
  });

  const items = virtualizer.getVirtualItems();
  const decisions = useFlowDecisions(
    items.map((item) => flows[item.index]).filter((f) => f !== undefined),
  );
  const stagedMarks = useStagedMarks();

  return (
    <div className="flows-table" role="table" aria-label="Flows" data-testid="flows-table">
      <div className="flows-table-head flow-grid" role="row">
        {COLUMNS.map((name) => (
          <span key={name} className="cell" role="columnheader" data-testid={`column-${name}`}>
            {name === 'Time' ? `Time (${zoneShort()})` : name}
          </span>
        ))}
      </div>
      <div className="flows-table-body" ref={scrollRef} data-testid="flows-scroll">
        <div className="flows-table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const flow = flows[item.index];
            if (!flow) return null;
            return (
              <FlowRow
                key={item.key}
                flow={flow}
                index={item.index}
                top={item.start}
                height={ROW_HEIGHT}
                selected={flow.id === selectedId || flow.paired?.id === selectedId}
                onSelect={onSelect}
                decision={flow.decidedBy ? undefined : decisions(flow.id)}
                staged={flow.staged ?? stagedMarks(flow.id)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
