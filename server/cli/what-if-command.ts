// `flowscope what-if`: which flows of a Hubble capture a proposed policy set would decide
// otherwise. Reads the policies with the server's folder loader and the flows with the
// import path's line reader, runs server/policies/what-if.ts, and prints NDJSON.
import 'server-only';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FlowRecord } from '@/lib/api/flow-record';
import { flowFromJsonLine } from '@/server/ingest/flow-json';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import type { AgentSettings } from '@/server/policies/agent-settings';
import { CILIUM_DEFAULT_SETTINGS } from '@/server/policies/agent-settings';
import type { Policy } from '@/server/policies/model';
import { loadPolicyFolder } from '@/server/policies/source';
import { whatIf } from '@/server/policies/what-if';

export const WHAT_IF_USAGE = `Usage: flowscope what-if --policies <dir> [--baseline <dir>] --flows <file>

Evaluates every policy decision of a Hubble flow capture (policy-verdict events and L7
requests) under a baseline and under the proposed policies, and lists the flows whose
verdict or deciding rule would change.

  --policies <dir>   the proposed policies: a folder of *.yaml / *.yml files
                     (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy);
                     every document must be one of these
  --baseline <dir>   the policies in force, read the same way. Without it the baseline is
                     what the flows report: FORWARDED/REDIRECTED is allowed, DROPPED with
                     POLICY_DENY or POLICY_DENIED is denied, and the deciding policies are the
                     ones Hubble named (ingress/egress allowed_by, denied_by), else "unknown"
  --flows <file>     Hubble JSON lines as \`hubble observe -o jsonpb\` writes them (one
                     {"flow": {...}} per line, or bare flow objects; blank lines are fine)
  --help             this text

toFQDNs rules are judged by the DNS answers of the capture itself, in time order.
FLOWSCOPE_ALLOW_LOCALHOST and FLOWSCOPE_POLICY_ENFORCEMENT set the agent settings, as
for the server (defaults: always, default).

Output (stdout, NDJSON): one line per changed flow,
  {"uuid","time","source","destination","port","protocol","change","old","new","reason"?}
  change: newly-denied | newly-allowed | rule-changed (same verdict, another deciding
  rule) | uncertain (a side cannot be decided; reason says why);
  old/new: {"verdict": allowed|denied|unknown, "decidedBy": "..."}
then one summary line
  {"summary":{"flows","evaluated","unchanged","newlyDenied","newlyAllowed","ruleChanged","uncertain"}}

Exit status: 1 when a flow is newly denied, 0 otherwise, 2 on bad usage or input.
`;

/** Bad usage or unreadable input: the message goes to stderr and the exit status is 2. */
export class UsageError extends Error {}

/** A usage error naming every required flag not given. */
export function requireFlags<K extends string>(
  opts: Partial<Record<K, unknown>>,
  flags: readonly K[],
): void {
  const missing = flags.filter((k) => !opts[k]);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(' and ')}`);
  }
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

const MAX_LISTED_ERRORS = 10;

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function readPolicies(flag: string, dir: string, io: CommandIo): Promise<Policy[]> {
  let source;
  try {
    source = await loadPolicyFolder(dir);
  } catch (err) {
    throw new UsageError(`${flag} ${dir}: ${why(err)}`);
  }
  const errors = source.errors();
  if (errors.length > 0) {
    throw new UsageError(
      `${flag} ${dir}: ${errors.length} problem(s) reading the policies:\n` +
        errors.map((e) => `  ${e}`).join('\n'),
    );
  }
  const policies = source.policies();
  if (policies.length === 0) io.stderr(`note: ${flag} ${dir} holds no policy\n`);
  return policies;
}

/**
 * Every flow of the file, and the events its lost-events lines say Hubble lost; a line that
 * is neither a flow nor another GetFlows answer refuses the whole file, by line number.
 */
export async function readFlowFile(file: string): Promise<{ flows: FlowRecord[]; lost: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new UsageError(`--flows ${file}: ${why(err)}`);
  }
  const flows: FlowRecord[] = [];
  const errors: string[] = [];
  let bad = 0;
  let lost = 0;
  let lineNo = 0;
  const now = Date.now();
  try {
    for await (const line of handle.readLines({ encoding: 'utf8' })) {
      lineNo += 1;
      if (line.trim() === '') continue;
      try {
        const flow = flowFromJsonLine(line, now);
        // Node status and lost-events lines carry no flow; lost events are counted.
        if (flow) flows.push(toFlowRecord(flow));
        else lost += lostEventsOf(line);
      } catch (err) {
        bad += 1;
        if (errors.length < MAX_LISTED_ERRORS) {
          errors.push(`  line ${lineNo}: ${why(err).slice(0, 200)}`);
        }
      }
    }
  } catch (err) {
    throw new UsageError(`--flows ${file}: ${why(err)}`);
  } finally {
    await handle.close();
  }
  if (bad > 0) {
    const more = bad > errors.length ? `\n  ... and ${bad - errors.length} more` : '';
    throw new UsageError(
      `--flows ${file}: ${bad} line(s) are not Hubble flows:\n${errors.join('\n')}${more}`,
    );
  }
  return { flows, lost };
}

/** The events a `lost_events` line of a capture says Hubble lost (0 for other lines). */
function lostEventsOf(line: string): number {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null) return 0;
  const lostEvents =
    'lost_events' in value
      ? value.lost_events
      : 'lostEvents' in value
        ? value.lostEvents
        : undefined;
  if (typeof lostEvents !== 'object' || lostEvents === null) return 0;
  const n =
    'num_events_lost' in lostEvents
      ? lostEvents.num_events_lost
      : 'numEventsLost' in lostEvents
        ? lostEvents.numEventsLost
        : 0;
  const count = typeof n === 'string' || typeof n === 'number' ? Number(n) : 0;
  return Number.isFinite(count) && count > 0 ? count : 0;
}

export function settingsFrom(env: CommandIo['env']): AgentSettings {
  const allowLocalhost = env.FLOWSCOPE_ALLOW_LOCALHOST || CILIUM_DEFAULT_SETTINGS.allowLocalhost;
  const enforcement = env.FLOWSCOPE_POLICY_ENFORCEMENT || CILIUM_DEFAULT_SETTINGS.enforcement;
  if (allowLocalhost !== 'always' && allowLocalhost !== 'policy') {
    throw new UsageError(`FLOWSCOPE_ALLOW_LOCALHOST must be always or policy`);
  }
  if (enforcement !== 'default' && enforcement !== 'always' && enforcement !== 'never') {
    throw new UsageError(`FLOWSCOPE_POLICY_ENFORCEMENT must be default, always or never`);
  }
  return { allowLocalhost, enforcement };
}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        policies: { type: 'string' },
        baseline: { type: 'string' },
        flows: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(why(err));
  }
}

/** Runs the command; resolves to the exit status. */
export async function whatIfCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const opts = options(args);
    if (opts.help) {
      io.stdout(WHAT_IF_USAGE);
      return 0;
    }
    requireFlags(opts, ['policies', 'flows']);
    const settings = settingsFrom(io.env);
    const proposed = await readPolicies('--policies', opts.policies as string, io);
    const baseline = opts.baseline
      ? await readPolicies('--baseline', opts.baseline, io)
      : 'reported';
    const { flows, lost } = await readFlowFile(opts.flows as string);
    const { changes, summary } = whatIf({ flows, baseline, proposed, settings });
    const lines = changes.map((c) => JSON.stringify(c));
    lines.push(JSON.stringify({ summary: { ...summary, lostEvents: lost } }));
    if (lost > 0) {
      io.stderr(
        `warning: the capture says Hubble lost ${lost} event(s); the flows among them are not reviewed\n`,
      );
    }
    io.stdout(lines.join('\n') + '\n');
    return summary.newlyDenied > 0 ? 1 : 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`flowscope what-if: ${err.message}\n\n${WHAT_IF_USAGE}`);
    return 2;
  }
}
