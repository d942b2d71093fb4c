// Finds an interned endpoint without serialising the incoming one: a short fingerprint picks
// candidates, a field-by-field comparison confirms. Serialising every endpoint of every
// flow to JSON was the largest cost of append.
import type { FlowEndpoint } from '@/lib/flow-record';

export function endpointFingerprint(ep: FlowEndpoint): string {
  return `${ep.identity}|${ep.endpointId ?? ''}|${ep.namespace}|${ep.pod}|${ep.labels.length}|${
    ep.names[0] ?? ''
  }|${ep.names.length}`;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal in every field a row's endpoint key holds (all but ip and port). */
export function sameEndpoint(a: FlowEndpoint, b: FlowEndpoint): boolean {
  if (a.identity !== b.identity || a.endpointId !== b.endpointId) return false;
  if (a.namespace !== b.namespace || a.pod !== b.pod || a.cluster !== b.cluster) return false;
  if (!sameStrings(a.labels, b.labels) || !sameStrings(a.names, b.names)) return false;
  if (a.workloads.length !== b.workloads.length) return false;
  for (let i = 0; i < a.workloads.length; i++) {
    const x = a.workloads[i]!;
    const y = b.workloads[i]!;
    if (x.name !== y.name || x.kind !== y.kind) return false;
  }
  const s = a.service;
  const t = b.service;
  if (!s || !t) return s === t;
  return s.name === t.name && s.namespace === t.namespace;
}
