// Tracks, for every staged draft, the connections it would deny that were allowed when they
// happened: each new decision flow is evaluated under each staged policy set. A draft's
// tuples belong to one revision of its policies: when they change, tracking starts over and
// `since` says when. With FLOWSCOPE_DATA_DIR the state is kept in <dir>/staged/<id>.json
// (written atomically every few seconds and on stop), so readiness survives a restart.
import 'server-only';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { WouldDenyTuple } from '@/lib/api/lab';
import type { NodeOptions } from '@/server/aggregate/node-identity';
import { log } from '@/server/log';
import type { AgentSettings } from '@/server/policies/agent-settings';
import type { Policy } from '@/server/policies/model';
import type { StagedSet, StagedSource } from './staged-source';
import { isDecisionFlow } from '@/server/policies/what-if';
import { connectionOf, wouldDeny, type ConnectionKey } from './staged-verdict';

export const DEFAULT_MAX_TUPLES = 10_000;
const FILE_VERSION = 1;
/** Ids recently counted: a stored row may be published again (a pair's second event). */
const RECENT_IDS = 4096;

export interface DraftTracking {
  draft: string;
  name: string;
  /** Digest of the staged policies this tracking belongs to. */
  revision: string;
  /** Epoch ms: when tracking of this revision began. */
  since: number;
  /** Decision flows evaluated under the draft. */
  evaluated: number;
  /** Would-be-denied flows not kept once the tuple limit was reached, and the last one's time. */
  overflow: number;
  overflowLast?: number;
  tuples: WouldDenyTuple[];
}

interface DraftState extends Omit<DraftTracking, 'tuples'> {
  policies: readonly Policy[];
  tuples: Map<string, WouldDenyTuple>;
  dirty: boolean;
}

export interface StagedTrackerOptions {
  source: () => StagedSource;
  dataDir?: string;
  now?: () => number;
  maxTuples?: number;
  flushMs?: number;
  nodeOptions?: NodeOptions;
  settings?: AgentSettings;
}

/** Same policies, same revision: the YAML of each, in id order. */
export function policiesRevision(policies: readonly Policy[]): string {
  const h = createHash('sha256');
  for (const p of [...policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    h.update(p.id).update('\0').update(p.yaml).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/** Draft ids are URL-safe; anything else is tracked in memory only. */
function fileSafe(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}

function tupleKey(t: ConnectionKey): string {
  return JSON.stringify([t.namespace, t.source, t.destination, t.port ?? null, t.protocol]);
}

export class StagedTracker {
  private readonly drafts = new Map<string, DraftState>();
  private readonly recent: string[] = [];
  private readonly recentSet = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly maxTuples: number;
  private stored = new Map<string, DraftTracking>();
  private current: StagedSource | undefined;

  constructor(private readonly opts: StagedTrackerOptions) {
    this.now = opts.now ?? Date.now;
    this.maxTuples = opts.maxTuples ?? DEFAULT_MAX_TUPLES;
  }

  private dir(): string | undefined {
    return this.opts.dataDir ? path.join(this.opts.dataDir, 'staged') : undefined;
  }

  /** Reads what was kept on disk, then follows the source. */
  async start(): Promise<void> {
    const dir = this.dir();
    if (dir) this.stored = await readStored(dir);
    this.resubscribe();
    if (dir && this.opts.flushMs !== 0) {
      this.timer = setInterval(() => void this.flush(), this.opts.flushMs ?? 5000);
      this.timer.unref?.();
    }
  }

  /** Follows the registered source again (after a new one is registered). */
  resubscribe(): void {
    this.unsubscribe?.();
    this.current = this.opts.source();
    this.unsubscribe = this.current.onChange(() => this.sync());
    this.sync();
  }

  /** Aligns the tracked drafts with the source's staged sets. */
  sync(): void {
    const sets: StagedSet[] = this.current?.staged() ?? [];
    const seen = new Set<string>();
    for (const s of sets) {
      if (!s.draft.staged) continue;
      const id = s.draft.id;
      seen.add(id);
      const revision = policiesRevision(s.policies);
      const have = this.drafts.get(id);
      if (have && have.revision === revision) {
        have.policies = s.policies;
        have.name = s.draft.name;
        continue;
      }
      const kept = this.stored.get(id);
      this.stored.delete(id);
      const resumed = !have && kept?.revision === revision;
      this.drafts.set(id, {
        draft: id,
        name: s.draft.name,
        revision,
        since: resumed ? kept.since : this.now(),
        evaluated: resumed ? kept.evaluated : 0,
        overflow: resumed ? kept.overflow : 0,
        ...(resumed && kept.overflowLast !== undefined ? { overflowLast: kept.overflowLast } : {}),
        policies: s.policies,
        tuples: new Map(resumed ? kept.tuples.map((t) => [tupleKey(t), t]) : []),
        dirty: !resumed,
      });
    }
    for (const id of [...this.drafts.keys()]) {
      if (!seen.has(id)) {
        this.drafts.delete(id);
        const dir = this.dir();
        if (dir && fileSafe(id)) void rm(path.join(dir, `${id}.json`), { force: true });
      }
    }
  }

  /** One new flow, as stored. */
  observe(flow: FlowRecord): void {
    if (this.drafts.size === 0 || !isDecisionFlow(flow)) return;
    if (this.recentSet.has(flow.id)) return;
    this.recentSet.add(flow.id);
    this.recent.push(flow.id);
    if (this.recent.length > RECENT_IDS) this.recentSet.delete(this.recent.shift() ?? '');
    let conn: ConnectionKey | undefined;
    for (const d of this.drafts.values()) {
      const decidedBy = wouldDeny(d.policies, flow, this.opts.settings);
      d.evaluated++;
      d.dirty = true;
      if (!decidedBy) continue;
      conn ??= connectionOf(flow, this.opts.nodeOptions);
      const key = tupleKey(conn);
      const t = d.tuples.get(key);
      if (t) {
        t.count++;
        t.firstSeen = Math.min(t.firstSeen, flow.ts);
        if (flow.ts >= t.lastSeen) {
          t.lastSeen = flow.ts;
          t.exampleFlow = flow.id;
          t.decidedBy = decidedBy;
        }
      } else if (d.tuples.size >= this.maxTuples) {
        d.overflow++;
        d.overflowLast = Math.max(d.overflowLast ?? 0, flow.ts);
      } else {
        d.tuples.set(key, {
          draft: d.draft,
          ...conn,
          count: 1,
          firstSeen: flow.ts,
          lastSeen: flow.ts,
          exampleFlow: flow.id,
          decidedBy,
        });
      }
    }
  }

  /** The tracking of one staged draft; undefined for a draft that is not staged. */
  tracking(draftId: string): DraftTracking | undefined {
    const d = this.drafts.get(draftId);
    return d && snapshot(d);
  }

  drafted(): string[] {
    return [...this.drafts.keys()];
  }

  async flush(): Promise<void> {
    const dir = this.dir();
    if (!dir) return;
    const dirty = [...this.drafts.values()].filter((d) => d.dirty && fileSafe(d.draft));
    if (dirty.length === 0) return;
    await mkdir(dir, { recursive: true });
    for (const d of dirty) {
      d.dirty = false;
      const file = path.join(dir, `${d.draft}.json`);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify({ version: FILE_VERSION, ...snapshot(d) }));
        await rename(tmp, file);
      } catch (err) {
        d.dirty = true;
        log.warn('staged tracking not saved', { draft: d.draft, error: String(err) });
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.flush();
  }
}

function snapshot(d: DraftState): DraftTracking {
  const out: DraftTracking = {
    draft: d.draft,
    name: d.name,
    revision: d.revision,
    since: d.since,
    evaluated: d.evaluated,
    overflow: d.overflow,
    tuples: [...d.tuples.values()].map((t) => ({ ...t })),
  };
  if (d.overflowLast !== undefined) out.overflowLast = d.overflowLast;
  return out;
}

function isTracking(v: unknown): v is DraftTracking {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    o.version === FILE_VERSION &&
    typeof o.draft === 'string' &&
    typeof o.revision === 'string' &&
    typeof o.since === 'number' &&
    typeof o.evaluated === 'number' &&
    typeof o.overflow === 'number' &&
    Array.isArray(o.tuples)
  );
}

async function readStored(dir: string): Promise<Map<string, DraftTracking>> {
  const out = new Map<string, DraftTracking>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    try {
      const v: unknown = JSON.parse(await readFile(path.join(dir, n), 'utf8'));
      if (isTracking(v)) out.set(v.draft, v);
      else log.warn('staged tracking file ignored', { file: n });
    } catch (err) {
      log.warn('staged tracking file unreadable', { file: n, error: String(err) });
    }
  }
  return out;
}
