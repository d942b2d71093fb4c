// Rejects filter values a Hubble agent would refuse to compile, so the demo relay can report
// them the way a real relay does (an in-stream NODE_ERROR) instead of silently matching nothing.
import 'server-only';
import type { FlowFilter } from '@/proto/gen/flow/flow_pb';
import { parseIpOrCidr } from '@/server/filter/ip-cidr';
import { parseLabelSelector } from '@/server/filter/label-selector';
import {
  compileFqdnPattern,
  compileNodePattern,
  compileRegex,
  parseHttpStatus,
  parsePort,
} from '@/server/filter/filter-values';

function firstError(values: readonly string[], check: (v: string) => string | null): string | null {
  for (const v of values) {
    const err = check(v);
    if (err) return err;
  }
  return null;
}

function checkFilter(f: FlowFilter): string | null {
  const checks: (() => string | null)[] = [
    () =>
      firstError(f.httpStatusCode, (v) =>
        parseHttpStatus(v) ? null : `invalid status code prefix: "${v}"`,
      ),
    () =>
      firstError([...f.sourcePort, ...f.destinationPort], (v) =>
        parsePort(v) === null ? `invalid port "${v}"` : null,
      ),
    () =>
      firstError([...f.sourceIp, ...f.destinationIp, ...f.sourceIpXlated], (v) =>
        parseIpOrCidr(v) ? null : `invalid IP address in filter: "${v}"`,
      ),
    () =>
      firstError([...f.sourceFqdn, ...f.destinationFqdn], (v) =>
        compileFqdnPattern(v) ? null : `invalid FQDN pattern "${v}"`,
      ),
    () =>
      firstError(f.nodeName, (v) => (compileNodePattern(v) ? null : `invalid node name "${v}"`)),
    () =>
      firstError([...f.sourceLabel, ...f.destinationLabel, ...f.nodeLabels], (v) => {
        const parsed = parseLabelSelector(v);
        return parsed.ok ? null : `invalid label selector "${v}": ${parsed.error}`;
      }),
    () =>
      firstError([...f.httpPath, ...f.httpUrl, ...f.dnsQuery], (v) => {
        const re = compileRegex(v);
        return typeof re === 'string' ? `invalid regular expression "${v}": ${re}` : null;
      }),
  ];
  for (const check of checks) {
    const err = check();
    if (err) return err;
  }
  return null;
}

/** The first reason the agents would reject these filters, or null when all compile. */
export function filterError(whitelist: FlowFilter[], blacklist: FlowFilter[]): string | null {
  for (const f of [...whitelist, ...blacklist]) {
    const err = checkFilter(f);
    if (err) return err;
  }
  return null;
}
