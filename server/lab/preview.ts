// The impact preview: a draft's policy changes tried on a window of recorded history. Every
// decision flow of the window (policy-verdict events and L7 requests, as what-if.ts picks
// them) is judged under the policies in force and under the proposal by what-if's own
// per-flow comparison, and the changed flows are grouped by edge, port, kind of change and
// the rules deciding before and after.
//
// The window is read in time slices of about `chunkFlows` flows, each sorted into time order,
// with a progress report and a turn of the event loop between slices so the server keeps
// answering while a large window is evaluated. toFQDNs rules are judged by the DNS answers of
// the window itself, fed in time order, as the CLI judges them by its capture's: the process-
// wide index is put back after every slice (dns-answers.ts withDnsAnswers).
//
// The reader is the viewer's (server/access/scoped-reader.ts): flows outside the viewer's
// namespaces are neither evaluated nor counted, and their DNS answers are not used.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { ImpactEndpoint, ImpactGroup, ImpactTotals } from '@/lib/api/lab';
import type { FlowReader } from '@/server/store/flow-store';
import type { AgentSettings } from '@/server/policies/agent-settings';
import { agentSettings } from '@/server/policies/agent-settings';
import { DnsAnswers, withDnsAnswers } from '@/server/policies/dns-answers';
import type { Policy } from '@/server/policies/model';
import type { WhatIfChange, WhatIfEndpoint } from '@/server/policies/what-if';
import { CHANGE_COUNTER, compareFlow, emptySummary } from '@/server/policies/what-if';

export const DEFAULT_CHUNK_FLOWS = 20_000;
/** Flows one preview reads at most; a window holding more is cut at its newest end. */
export const MAX_PREVIEW_FLOWS = 2_000_000;
/** Changed flow ids kept for listing the changed flows. */
export const MAX_CHANGED_IDS = 200_000;
const MAX_EXAMPLES = 5;

export interface PreviewInput {
  reader: Pick<FlowReader, 'scan' | 'stats'>;
  /** Epoch ms, [from, to). */
  window: { from: number; to: number };
  baseline: readonly Policy[];
  proposed: readonly Policy[];
  settings?: AgentSettings;
  /** Flows read so far and the window's flow count (an estimate once flows keep arriving). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  chunkFlows?: number;
  maxFlows?: number;
  maxChangedIds?: number;
}

export interface PreviewOutcome {
  totals: ImpactTotals;
  /** Largest count first. */
  groups: ImpactGroup[];
  truncated: boolean;
  /** Every changed flow's id in time order, up to maxChangedIds. */
  changedIds: string[];
  /** More flows changed than changedIds holds. */
  changedIdsTruncated: boolean;
}

/** A peer without a workload is named by its DNS name, its reserved label, else its IP. */
function endpointOf(ep: WhatIfEndpoint): ImpactEndpoint {
  if (ep.workload) return { namespace: ep.namespace, workload: ep.workload };
  const label =
    ep.names?.[0] ?? ep.labels?.find((l) => l.startsWith('reserved:')) ?? (ep.pod || ep.ip);
  return { namespace: ep.namespace, workload: '', label };
}

function endpointKey(ep: ImpactEndpoint): string {
  return `${ep.namespace}/${ep.workload}/${ep.label ?? ''}`;
}

function groupKey(c: WhatIfChange, src: ImpactEndpoint, dst: ImpactEndpoint): string {
  return [
    c.change,
    endpointKey(src),
    endpointKey(dst),
    c.port ?? '',
    c.protocol,
    c.old.decidedBy,
    c.new.decidedBy,
    c.reason ?? '',
  ].join('\u0000');
}

function byTime(a: FlowRecord, b: FlowRecord): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runPreview(input: PreviewInput): Promise<PreviewOutcome> {
  const { reader, baseline, proposed } = input;
  const settings = input.settings ?? agentSettings();
  const chunk = Math.max(1, input.chunkFlows ?? DEFAULT_CHUNK_FLOWS);
  const maxFlows = input.maxFlows ?? MAX_PREVIEW_FLOWS;
  const maxIds = input.maxChangedIds ?? MAX_CHANGED_IDS;
  // The stored time range bounds the slices: a window reaching far past it is not walked
  // millisecond by millisecond.
  const stats = reader.stats();
  const from = Math.max(input.window.from, stats.oldestTs ?? input.window.from);
  const to = Math.min(input.window.to, (stats.newestTs ?? input.window.to - 1) + 1);
  const counted = reader.scan({ from, to, rows: 'events', order: 'oldest', limit: 0, total: true });
  const total = Math.min(counted.total ?? 0, maxFlows);
  let truncated = (counted.total ?? 0) > maxFlows;

  const summary = emptySummary(0);
  const groups = new Map<string, ImpactGroup>();
  const changedIds: string[] = [];
  let changedIdsTruncated = false;
  const seen = new Set<string>();
  const dns = new DnsAnswers();
  let done = 0;
  input.onProgress?.(0, total);

  const take = (c: WhatIfChange): void => {
    const source = endpointOf(c.source);
    const destination = endpointOf(c.destination);
    const key = groupKey(c, source, destination);
    let g = groups.get(key);
    if (!g) {
      g = {
        key: String(groups.size + 1),
        source,
        destination,
        ...(c.port !== undefined ? { port: c.port } : {}),
        protocol: c.protocol,
        change: c.change,
        count: 0,
        firstSeen: c.time,
        lastSeen: c.time,
        oldRule: c.old.decidedBy,
        newRule: c.new.decidedBy,
        oldVerdict: c.old.verdict,
        newVerdict: c.new.verdict,
        ...(c.reason ? { reason: c.reason } : {}),
        examples: [],
      };
      groups.set(key, g);
    }
    g.count++;
    g.lastSeen = c.time;
    if (g.examples.length < MAX_EXAMPLES) g.examples.push(c.uuid);
    if (changedIds.length < maxIds) changedIds.push(c.uuid);
    else changedIdsTruncated = true;
  };

  const evaluateSlice = (flows: FlowRecord[]): void => {
    flows.sort(byTime);
    withDnsAnswers(dns, () => {
      for (const flow of flows) {
        if (seen.has(flow.id)) continue;
        seen.add(flow.id);
        summary.flows++;
        dns.observe(flow);
        const c = compareFlow(flow, baseline, proposed, settings);
        if (c === undefined) continue;
        summary.evaluated++;
        if (c === 'unchanged') {
          summary.unchanged++;
          continue;
        }
        summary[CHANGE_COUNTER[c.change]]++;
        take(c);
      }
    });
  };

  // Slices of a uniform share of the window first; a slice holding far more than a chunk is
  // read again narrower, one holding far less widens the next.
  let step = total > 0 ? Math.max(1, Math.floor(((to - from) * chunk) / total)) : to - from;
  let t = from;
  while (t < to && done < maxFlows && total > 0) {
    input.signal?.throwIfAborted();
    const end = Math.min(to, t + step);
    const narrowest = end - t <= 1;
    const limit = Math.min(maxFlows - done, narrowest ? maxFlows : chunk * 4);
    const slice = reader.scan({ from: t, to: end, rows: 'events', order: 'oldest', limit });
    if (slice.truncated && !narrowest && limit === chunk * 4) {
      step = Math.max(1, Math.floor((end - t) / 4));
      continue;
    }
    if (slice.truncated) truncated = true;
    evaluateSlice(slice.flows);
    done += slice.flows.length;
    t = end;
    if (slice.flows.length < chunk / 4) step *= 2;
    else if (slice.flows.length > chunk * 2) step = Math.max(1, Math.floor(step / 2));
    input.onProgress?.(Math.min(done, total), Math.max(total, done));
    await nextTurn();
  }
  if (t < to && total > 0) truncated = true;

  const { flows, evaluated, unchanged, newlyDenied, newlyAllowed, ruleChanged, uncertain } =
    summary;
  return {
    totals: { flows, evaluated, unchanged, newlyDenied, newlyAllowed, ruleChanged, uncertain },
    groups: [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    truncated,
    changedIds,
    changedIdsTruncated,
  };
}
