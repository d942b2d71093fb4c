// `flowscope recommend`: the smallest policy change that allows the drops of a Hubble capture
// (one flow's traffic, a workload's or namespace's, or every drop a missing allow rule
// caused), with the same engine as GET /api/recommend. Prints the YAML to apply, the patch
// for the policy folder, or the whole answer as JSON.
import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInstant } from '@/lib/time-window/time-window';
import type { RecommendAnswer } from '@/lib/api/recommend';
import { recommend } from '@/server/policies/recommend';
import type { RecommendFor } from '@/server/policies/recommend';
import type { CommandIo } from './what-if-command';
import {
  readFlowFile,
  readPolicies,
  requireFlags,
  settingsFrom,
  UsageError,
} from './what-if-command';

export const RECOMMEND_USAGE = `Usage: flowscope recommend --policies <dir> --flows <file>
                          [--flow <uuid> | --workload <namespace>[/<name>]]
                          [--stable-before <time>] [--format yaml|patch|json]

Proposes the smallest policy change that allows dropped traffic of a Hubble capture: a rule
added to the nearest policy selecting the denied workload, or a new CiliumNetworkPolicy,
with selectors on stable workload labels, toFQDNs from the names resolved, entities for
reserved peers, only the ports seen, and HTTP rules exact as seen for L7 denials. The change
is applied and the capture re-evaluated; what else it would allow is reported.

  --policies <dir>      the policies in force: a folder of *.yaml / *.yml files
  --flows <file>        Hubble JSON lines as \`hubble observe -o jsonpb\` writes them
  --flow <uuid>         the traffic of this dropped flow
  --workload <ns/name>  the dropped traffic of a workload (or of a namespace: <ns>);
                        without --flow or --workload: every drop of the capture
  --stable-before <t>   traffic first seen at or after this time (RFC 3339) is listed as
                        new on stderr, not folded in
  --format <f>          yaml (default): the policies to \`kubectl apply -f -\`;
                        patch: a unified diff of the policy folder (\`git apply\`);
                        json: the whole answer
  --help                this text

Drops a deny rule intends and drops for other reasons are left out (counted on stderr).
On stderr: the summary, and each flow the change would allow beyond the observed traffic.

Exit status: 0 with a proposal or nothing to propose, 2 on bad usage or input.
`;

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        policies: { type: 'string' },
        flows: { type: 'string' },
        flow: { type: 'string' },
        workload: { type: 'string' },
        'stable-before': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const WORKLOAD = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

function report(a: RecommendAnswer): string {
  const lines = [a.summary];
  const v = a.verification;
  for (const w of v.wider) {
    lines.push(
      `wider than observed: ${w.flowId} ${w.source} -> ${w.destination}${w.port !== undefined ? `:${w.port}` : ''}/${w.protocol} (${w.decidedBy})`,
    );
  }
  for (const s of v.widerSelectors) {
    lines.push(`wider than observed: ${s.selector} also selects ${s.alsoSelects.join(', ')}`);
  }
  for (const u of v.unresolved) lines.push(`not fixed: ${u.flowId || '-'} ${u.reason}`);
  if (v.newlyDenied > 0) lines.push(`newly denied: ${v.newlyDenied} flow(s)`);
  for (const r of a.newTraffic) {
    lines.push(
      `new (first seen ${r.flows.firstSeen}, not folded in): ${r.direction} ${r.subject} ${r.peer} ${r.ports.join(',')}`,
    );
  }
  for (const s of a.skipped) lines.push(`left out: ${s.count} ${s.reason}`);
  for (const n of a.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** Runs the command; resolves to the exit status. */
export async function recommendCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const opts = options(args);
    if (opts.help) {
      io.stdout(RECOMMEND_USAGE);
      return 0;
    }
    requireFlags(opts, ['policies', 'flows']);
    if (opts.flow && opts.workload) throw new UsageError('give --flow or --workload, not both');
    const format = opts.format ?? 'yaml';
    if (format !== 'yaml' && format !== 'patch' && format !== 'json') {
      throw new UsageError(`--format must be yaml, patch or json`);
    }
    if (opts.workload !== undefined && !WORKLOAD.test(opts.workload)) {
      throw new UsageError(`--workload ${opts.workload}: not <namespace>/<name> or a namespace`);
    }
    let stableBefore: number | undefined;
    if (opts['stable-before'] !== undefined) {
      stableBefore = parseInstant(opts['stable-before']);
      if (stableBefore === undefined) {
        throw new UsageError(`--stable-before ${opts['stable-before']}: not an RFC 3339 time`);
      }
    }
    const settings = settingsFrom(io.env);
    const dir = opts.policies as string;
    const policies = await readPolicies('--policies', dir, io);
    const { flows } = await readFlowFile(opts.flows as string);
    let target: RecommendFor;
    if (opts.flow) {
      const flow = flows.find((f) => f.id === opts.flow);
      if (!flow) throw new UsageError(`--flow ${opts.flow}: no such flow in ${opts.flows}`);
      target = { flow };
    } else {
      target = { workload: opts.workload ?? '' };
    }
    const window = flows.reduce(
      (w, f) => ({ from: Math.min(w.from, f.ts), to: Math.max(w.to, f.ts + 1) }),
      { from: flows[0]?.ts ?? 0, to: flows[0] ? flows[0].ts + 1 : 0 },
    );
    const answer = recommend({
      policies,
      flows,
      target,
      window,
      settings,
      ...(stableBefore !== undefined ? { stableBefore } : {}),
      fileText: (source) => {
        try {
          return readFileSync(path.join(dir, source), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    io.stderr(report(answer));
    if (format === 'json') io.stdout(JSON.stringify(answer, null, 2) + '\n');
    else io.stdout(format === 'yaml' ? answer.yaml : answer.patch);
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`flowscope recommend: ${err.message}\n\n${RECOMMEND_USAGE}`);
    return 2;
  }
}
