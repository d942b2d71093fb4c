'use client';
// The service map page: the whole cluster in the chosen window, filters and collapsed
// namespaces and the selection all in the URL, kept live by the map stream for relative
// windows. This component composes; the pure modules in lib/ do the work.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import { ApiError } from '@/lib/api-client';
import {
  readCollapsed,
  readMapFilters,
  readSelection,
  writeCollapsed,
  writeMapFilters,
  writeSelection,
  type MapFilters,
  type MapSelection,
} from '@/lib/map/filters';
import { buildVisGraph, mapNamespaces } from '@/lib/map/grouping';
import { readEdgeSort, writeEdgeSort } from '@/lib/map/edge-table';
import { useLiveMap } from '@/lib/map/live';
import { followSelection } from '@/lib/map/selection';
import { mapQueryOptions } from '@/lib/map/queries';
import { readDropsMode, writeDropsMode } from '@/lib/map/style';
import { coverageStates, readNodeColour, writeNodeColour } from '@/lib/map/coverage-colour';
import { coverageQueryOptions } from '@/lib/coverage/queries';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { MapDetail } from './map-detail';
import { MapEdgeTable } from './map-edge-table';
import { MapExportButtons } from './map-export-buttons';
import { MapLegend, MapTotals } from './map-legend';
import { buildScene } from './map-scene';
import { MapStage } from './map-stage';
import { describe } from './map-subject';
import { MapToolbar } from './map-toolbar';
import { useMapLayout } from './use-map-layout';
import styles from './map-page.module.css';

export function ServiceMapView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const { window, error: windowError } = useTimeWindow();
  const filters = useMemo(() => readMapFilters(params), [params]);

  const mapQuery = useQuery({ ...mapQueryOptions(window, filters), enabled: !windowError });
  const map = mapQuery.data;
  const apiError = mapQuery.error instanceof ApiError ? mapQuery.error : undefined;
  const stream = useLiveMap({
    window,
    filters,
    mapFrom: map?.window.from,
    enabled: map !== undefined && !mapQuery.isError,
  });

  const namespaces = useMemo(() => (map ? mapNamespaces(map) : []), [map]);
  const collapsedList = [...readCollapsed(params, namespaces, map?.nodes.length ?? 0)]
    .sort()
    .join(',');
  const graph = useMemo(
    () => (map ? buildVisGraph(map, new Set(collapsedList.split(',').filter(Boolean))) : undefined),
    [map, collapsedList],
  );
  const { layout, busy } = useMapLayout(graph);
  const drops = readDropsMode(params);
  const nodeColour = readNodeColour(params);
  // Coloured by coverage: the /coverage answer of the same window, all namespaces.
  const coverageQuery = useQuery({
    ...coverageQueryOptions(window, []),
    enabled: nodeColour === 'coverage' && !windowError,
  });
  const coverage = useMemo(
    () =>
      nodeColour === 'coverage' && coverageQuery.data
        ? coverageStates(coverageQuery.data)
        : undefined,
    [nodeColour, coverageQuery.data],
  );
  const scene = useMemo(
    () => (graph ? buildScene(graph, layout, drops, coverage) : undefined),
    [graph, layout, drops, coverage],
  );
  const selection = readSelection(params);
  const sort = readEdgeSort(params);

  const navigate = useCallback(
    (next: URLSearchParams) => {
      const query = next.toString();
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const select = (s: MapSelection) => navigate(writeSelection(params, s));
  const setFilters = (f: MapFilters) => navigate(writeMapFilters(params, f));
  // The selection follows the traffic into (or out of) a namespace that collapses or expands.
  const setCollapsed = (next: Iterable<string>) => {
    const before = new Set(collapsedList.split(',').filter(Boolean));
    const after = new Set(next);
    let out = writeCollapsed(params, after);
    if (map && selection) out = writeSelection(out, followSelection(map, selection, before, after));
    navigate(out);
  };
  const toggleGroup = (ns: string) => {
    const set = new Set(collapsedList.split(',').filter(Boolean));
    if (set.has(ns)) set.delete(ns);
    else set.add(ns);
    setCollapsed(set);
  };
  const selected = selection !== undefined;
  // Escape closes the side panel, wherever focus is (but not while typing in a filter). One
  // listener for the page's life, reading the selection as last committed: an Escape
  // pressed right after the panel opened must not wait for an effect to subscribe.
  const closeOnEscape = useRef<(() => void) | undefined>(undefined);
  useLayoutEffect(() => {
    closeOnEscape.current = selected
      ? () => navigate(writeSelection(params, undefined))
      : undefined;
  }, [selected, params, navigate]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !closeOnEscape.current) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA'))
        return;
      closeOnEscape.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const describeHit = useCallback(
    (hit: { kind: 'node' | 'link'; id: string }) => (graph ? describe(graph, hit) : undefined),
    [graph],
  );

  const offered = [...new Set([...namespaces, ...filters.namespaces])].sort();
  const error =
    windowError ?? (apiError ? { message: apiError.message, param: apiError.param } : undefined);
  return (
    <div className={styles.view}>
      <div className={styles.top}>
        <TimeWindowPicker />
        <span className={styles.stream} data-testid="map-stream" data-state={stream}>
          {window.kind === 'absolute' ? 'fixed window' : stream === 'live' ? 'live' : stream}
        </span>
        {busy ? <span className={styles.muted}>laying out…</span> : null}
      </div>
      <MapToolbar
        key={`${filters.selector}|${filters.port}`}
        filters={filters}
        namespaces={offered}
        onChange={setFilters}
        onCollapseAll={() => setCollapsed(namespaces)}
        onExpandAll={() => setCollapsed([])}
        error={error}
        actions={
          <MapExportButtons
            source={
              map && scene && graph && graph.nodes.length > 0
                ? {
                    scene,
                    map,
                    counts: { nodes: graph.nodes.length, links: graph.links.length },
                    window,
                  }
                : undefined
            }
          />
        }
      />
      {error ? (
        <p className={styles.error} role="alert" data-testid="map-error" data-param={error.param}>
          {error.param ? `${error.param}: ` : ''}
          {error.message}
        </p>
      ) : mapQuery.error ? (
        <p className={styles.error} role="alert" data-testid="map-error">
          Could not load the map: {mapQuery.error.message}
        </p>
      ) : null}
      {map && scene && graph ? (
        <>
          <MapTotals map={map} nodes={graph.nodes.length} links={graph.links.length} />
          <div className={styles.body}>
            {graph.nodes.length === 0 ? (
              <div className={styles.placeholder} data-testid="map-empty">
                No flows match in this window.
              </div>
            ) : (
              <div className={styles.main}>
                <MapStage
                  scene={scene}
                  selectedId={selection?.id}
                  onSelect={select}
                  onToggleGroup={toggleGroup}
                  describeHit={describeHit}
                />
                <MapEdgeTable
                  graph={graph}
                  sort={sort}
                  selectedId={selection?.kind === 'link' ? selection.id : undefined}
                  onSort={(next) => navigate(writeEdgeSort(params, next))}
                  onSelect={(id) => select({ kind: 'link', id })}
                />
              </div>
            )}
            {selection ? (
              <MapDetail
                key={selection.id}
                subject={describe(graph, selection)}
                selectedId={selection.id}
                window={window}
                verdict={filters.verdict}
                onClose={() => select(undefined)}
              />
            ) : null}
          </div>
          <MapLegend
            drops={drops}
            onDrops={(m) => navigate(writeDropsMode(params, m))}
            nodes={nodeColour}
            onNodes={(m) => navigate(writeNodeColour(params, m))}
            coverageError={
              nodeColour === 'coverage' && coverageQuery.error
                ? coverageQuery.error.message
                : undefined
            }
          />
        </>
      ) : !error && !mapQuery.error ? (
        <div className={styles.placeholder} data-testid="map-loading">
          Loading the service map…
        </div>
      ) : null}
    </div>
  );
}
