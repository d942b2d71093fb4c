'use client';
// SVG renderer for maps small enough to be real elements: accessible, keyboard-reachable
// toggles, and stable test ids. Pointer handling is delegated to the stage through the
// `data-hit` attributes. Names reach the DOM only as React text.
import { memo } from 'react';
import { cleanText, formatCount } from '@/lib/flows/format-flow';
import { verdictTotal } from '@/lib/map/merge';
import { LABEL_GAP, fitLabel } from '@/lib/map/labels';
import { groupTagAnchor } from '@/lib/map/layout';
import type { Scene, SceneGroup, SceneLink, SceneNode } from './map-scene';
import styles from './map-stage.module.css';

export interface MapSvgProps {
  scene: Scene;
  selectedId?: string;
  hoveredId?: string;
  onToggleGroup: (namespace: string) => void;
}

const KIND_CLASS = {
  workload: styles.nodeWorkload,
  reserved: styles.nodeReserved,
  group: styles.nodeGroup,
} as const;

/** What a screen reader says for a node: its full name and kind. */
function nodeName(n: SceneNode): string {
  const v = n.vis;
  if (v.kind === 'workload') return `${cleanText(v.namespace)}/${cleanText(v.label)}`;
  if (v.kind === 'group') return `namespace ${cleanText(v.label)}`;
  return cleanText(v.node?.dnsName ? `world: ${v.node.dnsName}` : v.label);
}

type Names = Map<string, string>;

function hullEl(g: SceneGroup) {
  return g.collapsed ? null : (
    <rect
      key={g.namespace}
      className={styles.hull}
      x={g.box.x0}
      y={g.box.y0}
      width={g.box.x1 - g.box.x0}
      height={g.box.y1 - g.box.y0}
      rx={10}
    />
  );
}

function linkEl(l: SceneLink, names: Names, selectedId?: string, hoveredId?: string) {
  const active = l.id === selectedId || l.id === hoveredId;
  return (
    <g
      key={l.id}
      className={active ? `${styles.link} ${styles.linkActive}` : styles.link}
      data-testid="map-edge"
      data-edge-id={l.id}
      data-source={l.link.source}
      data-target={l.link.target}
      data-dropped={l.link.counts.dropped}
      data-flows={verdictTotal(l.link.counts)}
      data-tone={l.tone}
      data-width={l.width.toFixed(2)}
      data-hit="link"
      data-hit-id={l.id}
      role="button"
      tabIndex={0}
      aria-pressed={l.id === selectedId}
      aria-label={`Link ${names.get(l.link.source) ?? ''} to ${names.get(l.link.target) ?? ''}: ${formatCount(verdictTotal(l.link.counts))} flows, ${formatCount(l.link.counts.dropped)} dropped`}
    >
      <line x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke={l.colour} strokeWidth={l.width} />
      <polygon points={l.arrow.join(' ')} fill={l.colour} />
      <line className={styles.hitLine} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} />
    </g>
  );
}

function nodeEl(n: SceneNode, names: Names, selectedId?: string, hoveredId?: string) {
  const active = n.id === selectedId || n.id === hoveredId;
  const label = cleanText(n.vis.label);
  return (
    <g
      key={n.id}
      className={active ? `${styles.node} ${styles.nodeActive}` : styles.node}
      transform={`translate(${n.x},${n.y})`}
      data-testid="map-node"
      data-node-id={n.id}
      data-kind={n.vis.kind}
      data-coverage={n.coverage}
      data-hit="node"
      data-hit-id={n.id}
      role="button"
      tabIndex={0}
      aria-pressed={n.id === selectedId}
      aria-label={`${n.vis.kind === 'group' ? 'Collapsed ' : n.vis.kind === 'reserved' ? 'Reserved identity ' : 'Workload '}${names.get(n.id) ?? ''}: ${formatCount(n.vis.traffic)} flows`}
    >
      <circle
        r={n.r}
        className={KIND_CLASS[n.vis.kind]}
        style={n.fill ? { fill: n.fill } : undefined}
      />
      {n.vis.kind === 'group' ? (
        <text className={styles.groupCount} dy="0.35em">
          {formatCount(n.vis.members)}
        </text>
      ) : (
        <text className={styles.nodeLabel} y={n.r + LABEL_GAP}>
          {fitLabel(label)}
        </text>
      )}
    </g>
  );
}

function groupTagEl(g: SceneGroup, onToggleGroup: (namespace: string) => void) {
  const text = `${g.collapsed ? '▸' : '▾'} ${cleanText(g.namespace)}`;
  const width = text.length * 6.6 + 14;
  const anchor = groupTagAnchor(g);
  return (
    <g
      key={g.namespace}
      data-testid="map-group"
      data-namespace={g.namespace}
      data-collapsed={g.collapsed}
      transform={`translate(${anchor.x},${anchor.y})`}
    >
      <g
        className={styles.groupToggle}
        role="button"
        tabIndex={0}
        aria-expanded={!g.collapsed}
        aria-label={`${g.collapsed ? 'Expand' : 'Collapse'} namespace ${cleanText(g.namespace)}`}
        data-testid="group-toggle"
        data-hit="group"
        data-hit-id={g.namespace}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onToggleGroup(g.namespace);
          }
        }}
      >
        <rect x={-width / 2} y={-10} width={width} height={20} rx={4} />
        <text dy="0.35em">{text}</text>
      </g>
    </g>
  );
}

/** Areas under links under nodes, namespace tags on top. */
function MapSvgLayer({ scene, selectedId, hoveredId, onToggleGroup }: MapSvgProps) {
  const names: Names = new Map(scene.nodes.map((n) => [n.id, nodeName(n)]));
  return (
    <>
      {scene.groups.map(hullEl)}
      {scene.links.map((l) => linkEl(l, names, selectedId, hoveredId))}
      {scene.nodes.map((n) => nodeEl(n, names, selectedId, hoveredId))}
      {scene.groups.map((g) => groupTagEl(g, onToggleGroup))}
    </>
  );
}

export const MapSvg = memo(MapSvgLayer);
