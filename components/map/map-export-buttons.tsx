'use client';
// The toolbar's SVG and PNG export buttons. The picture is rebuilt from the scene at the
// moment of the click, so it is what is drawn then: layout, collapsed namespaces, filters.
import { useState } from 'react';
import type { ServiceMap } from '@/lib/api/aggregate';
import { buildMapSvg, svgFrame } from '@/lib/map/export';
import type { TimeWindow } from '@/lib/time-window/time-window';
import { downloadBlob, svgBlob, svgToPng } from './export-download';
import { exportFileName, exportModel, exportOptions, pngScale } from './export-model';
import type { Scene } from './map-scene';
import styles from './map-page.module.css';

export interface ExportSource {
  scene: Scene;
  map: Pick<ServiceMap, 'totals'>;
  /** Drawn nodes and links, as the totals bar counts them. */
  counts: { nodes: number; links: number };
  window: TimeWindow;
}

type Format = 'svg' | 'png';

async function exportMap(source: ExportSource, format: Format): Promise<void> {
  const model = exportModel(source.scene);
  const options = exportOptions(source.map, source.counts, source.window);
  const svg = buildMapSvg(model, options);
  const name = exportFileName(source.window, format);
  if (format === 'svg') {
    downloadBlob(svgBlob(svg), name);
    return;
  }
  const { width, height } = svgFrame(model, options);
  downloadBlob(await svgToPng(svg, width, height, pngScale(width, height)), name);
}

export function MapExportButtons({ source }: { source?: ExportSource }) {
  const [busy, setBusy] = useState<Format | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = async (format: Format) => {
    if (!source || busy) return;
    setBusy(format);
    setError(undefined);
    try {
      await exportMap(source, format);
    } catch (e) {
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(undefined);
    }
  };
  const disabled = !source || busy !== undefined;
  return (
    <div className={styles.exportButtons} role="group" aria-label="Export the map">
      <button
        type="button"
        className="button"
        data-testid="map-export-svg"
        disabled={disabled}
        title="Download the map as it is drawn, as SVG"
        onClick={() => void run('svg')}
      >
        SVG
      </button>
      <button
        type="button"
        className="button"
        data-testid="map-export-png"
        disabled={disabled}
        aria-busy={busy === 'png'}
        title="Download the map as it is drawn, as PNG (2×)"
        onClick={() => void run('png')}
      >
        {busy === 'png' ? 'PNG…' : 'PNG'}
      </button>
      {error ? (
        <span className={styles.exportError} role="alert" data-testid="map-export-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
