// The gap log beside the flow history (FLOWSCOPE_DATA_DIR), so the ranges Flowscope could
// not recover are still marked after a restart, like the flows around them. One small JSON
// file, rewritten (to a temporary file, then renamed) at most once a second after a change.
// A range still open when Flowscope stopped is closed at the last save: nobody watched
// after that, and the words say so.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { log as logger } from '@/server/log';
import type { TimelineGapKind } from '@/lib/api/types';
import { GapLog, type GapLogOptions, type GapRange } from './gap-log';

export const GAP_FILE = 'gaps.json';
const VERSION = 1;
const SAVE_DELAY_MS = 1000;
const KINDS: readonly TimelineGapKind[] = ['relay-unreachable', 'node-unavailable', 'lost-events'];

interface FileShape {
  version: number;
  savedAt: number;
  ranges: GapRange[];
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function optionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

/** A range read back from the file, or undefined when it is not one. */
function readRange(v: unknown, savedAt: number): GapRange | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (!KINDS.includes(r.kind as TimelineGapKind) || !isFiniteNumber(r.from)) return undefined;
  if (r.to !== undefined && !isFiniteNumber(r.to)) return undefined;
  if (r.lost !== undefined && !isFiniteNumber(r.lost)) return undefined;
  if (typeof r.detail !== 'string' || !optionalString(r.node) || !optionalString(r.source)) {
    return undefined;
  }
  const out: GapRange = { kind: r.kind as TimelineGapKind, from: r.from, detail: r.detail };
  if (r.to !== undefined) out.to = r.to as number;
  else {
    out.to = Math.max(r.from, savedAt);
    out.detail = `${r.detail} (Flowscope stopped before it ended)`;
  }
  if (r.node !== undefined) out.node = r.node as string;
  if (r.lost !== undefined) out.lost = r.lost as number;
  if (r.source !== undefined) out.source = r.source as string;
  return out;
}

/** Ranges saved in `dir`; none when there is no file, and none (with a warning) when it is
 * unreadable: the history's flows are still worth serving. */
export function loadGapRanges(dir: string): GapRange[] {
  const file = path.join(dir, GAP_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as Partial<FileShape>;
    if (parsed.version !== VERSION || !Array.isArray(parsed.ranges))
      throw new Error('unknown format');
    const savedAt = isFiniteNumber(parsed.savedAt) ? parsed.savedAt : Date.now();
    return parsed.ranges.flatMap((r) => readRange(r, savedAt) ?? []);
  } catch (err) {
    logger.warn('gap log unreadable, starting empty', { file, error: String(err) });
    return [];
  }
}

function save(dir: string, gaps: GapLog): void {
  const body: FileShape = {
    version: VERSION,
    savedAt: Date.now(),
    ranges: gaps.all().map((e): GapRange => {
      const r: GapRange & { id?: number } = { ...e };
      delete r.id;
      return r;
    }),
  };
  const file = path.join(dir, GAP_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(body));
  fs.renameSync(tmp, file);
}

export interface OpenedGapLog {
  log: GapLog;
  /** Writes what is pending and stops saving. */
  close(): Promise<void>;
}

/** A gap log, kept in `dataDir` when one is given, in memory otherwise. */
export async function openGapLog(
  opts: GapLogOptions & { dataDir?: string } = {},
): Promise<OpenedGapLog> {
  const { dataDir, ...logOpts } = opts;
  const gaps = new GapLog(logOpts);
  if (!dataDir) return { log: gaps, close: async () => {} };
  await fs.promises.mkdir(dataDir, { recursive: true });
  gaps.restore(loadGapRanges(dataDir));
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    try {
      save(dataDir, gaps);
    } catch (err) {
      logger.warn('could not save the gap log', { dir: dataDir, error: String(err) });
    }
  };
  const off = gaps.onChange(() => {
    if (closed || timer) return;
    timer = setTimeout(flush, SAVE_DELAY_MS);
    timer.unref();
  });
  return {
    log: gaps,
    async close() {
      if (closed) return;
      closed = true;
      off();
      flush();
    },
  };
}
