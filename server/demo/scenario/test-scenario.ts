// The default demo scenario's flows over a span of time, for tests that want many varied,
// repeatable flows.
import 'server-only';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { DEFAULT_SCENARIO } from './default-scenario';
import { ScenarioGenerator } from './generator';

export interface ScenarioSpan {
  /** Time (ns since the epoch) the first interaction may start at. */
  startNs: bigint;
  /** Every flow up to this many seconds after `startNs`. */
  seconds: number;
  seed: number;
  flowsPerSecond: number;
}

export function scenarioFlows({ startNs, seconds, seed, flowsPerSecond }: ScenarioSpan): Flow[] {
  const gen = new ScenarioGenerator({ spec: DEFAULT_SCENARIO, startNs, seed, flowsPerSecond });
  return gen.advance(startNs + BigInt(seconds) * 1_000_000_000n);
}
