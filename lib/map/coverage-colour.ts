// Colouring the map's workloads by policy coverage (`/map?nodes=coverage`): enforced both
// ways, one way only, or neither, from the same answer as /coverage, so the two pages agree.
import type { CoverageAnswer } from '@/lib/api/coverage';

export type NodeColourMode = 'kind' | 'coverage';
export type CoverageState = 'protected' | 'one-way' | 'open';

export const COVERAGE_COLOURS: Record<CoverageState, string> = {
  protected: '#2f855a',
  'one-way': '#d69e2e',
  open: '#b83280',
};

export const COVERAGE_LABELS: Record<CoverageState, string> = {
  protected: 'default deny both ways',
  'one-way': 'default deny one way',
  open: 'default deny neither way',
};

export function readNodeColour(params: URLSearchParams): NodeColourMode {
  return params.get('nodes') === 'coverage' ? 'coverage' : 'kind';
}

export function writeNodeColour(params: URLSearchParams, mode: NodeColourMode): URLSearchParams {
  const out = new URLSearchParams(params);
  if (mode === 'coverage') out.set('nodes', 'coverage');
  else out.delete('nodes');
  return out;
}

/** Each workload's state by its map node id. A direction enforced for only some of a
 * workload's pods does not count as enforced, as on /coverage. */
export function coverageStates(answer: CoverageAnswer): Map<string, CoverageState> {
  const states = new Map<string, CoverageState>();
  for (const ns of answer.namespaces) {
    for (const w of ns.workloads) {
      const enforced = Number(w.ingress.enforced) + Number(w.egress.enforced);
      states.set(w.id, enforced === 2 ? 'protected' : enforced === 1 ? 'one-way' : 'open');
    }
  }
  return states;
}
