// Turns the scenario into a steady stream of flows: interactions start at Poisson-spaced
// times sized so the long-run rate matches flowsPerSecond, and flows are released only
// once "now" has passed their timestamp (an agent cannot report the future).
import 'server-only';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { timestampToNs } from '@/server/ingest/to-flow-record';
import { Prng } from '../prng';
import { FlowSink } from './connection';
import { DEFAULT_SCENARIO } from './default-scenario';
import type { PolicySpec, ScenarioSpec } from './spec';
import { runStory } from './stories';
import type { StoryContext } from './stories';
import { buildTopology } from './topology';
import type { Topology } from './topology';

export interface GeneratorOptions {
  spec?: ScenarioSpec;
  seed?: number;
  /** Flows per second across the whole cluster. */
  flowsPerSecond?: number;
  /** Time (ns since the epoch) the first interaction may start at. */
  startNs: bigint;
}

export const DEFAULT_FLOWS_PER_SECOND = 25;

interface Pending {
  ns: bigint;
  flow: Flow;
}

export class ScenarioGenerator {
  readonly spec: ScenarioSpec;
  readonly topology: Topology;
  private readonly prng: Prng;
  private readonly policies: Map<string, PolicySpec>;
  private readonly flowsPerSecond: number;
  private nextStartNs: bigint;
  private pending: Pending[] = [];

  constructor(opts: GeneratorOptions) {
    this.spec = opts.spec ?? DEFAULT_SCENARIO;
    const seed = opts.seed ?? 1;
    this.flowsPerSecond = opts.flowsPerSecond ?? DEFAULT_FLOWS_PER_SECOND;
    if (!(this.flowsPerSecond > 0)) throw new Error('flowsPerSecond must be > 0');
    this.prng = new Prng(seed);
    this.topology = buildTopology(this.spec, this.nodeNames(), seed);
    this.policies = new Map(this.spec.policies.map((p) => [p.key, p]));
    this.nextStartNs = opts.startNs;
  }

  /** Full node names (`<cluster>/<node>`) this scenario's pods run on. */
  nodeNames(): string[] {
    return this.spec.nodes.map((n) => `${this.spec.cluster}/${n}`);
  }

  /** Every flow with a timestamp at or before `untilNs`, in time order. */
  advance(untilNs: bigint): Flow[] {
    while (this.nextStartNs <= untilNs) {
      const flows = this.interaction(this.nextStartNs);
      for (const flow of flows) this.pending.push({ ns: timestampToNs(flow.time), flow });
      // Spacing by this interaction's size keeps the flow rate, not the interaction rate, fixed.
      const meanGapNs = (Math.max(1, flows.length) / this.flowsPerSecond) * 1e9;
      this.nextStartNs += BigInt(Math.max(1000, Math.round(this.prng.exp(meanGapNs))));
    }
    this.pending.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
    let i = 0;
    while (i < this.pending.length && (this.pending[i]?.ns ?? untilNs + 1n) <= untilNs) i += 1;
    return this.pending.splice(0, i).map((p) => p.flow);
  }

  /** Forget what would have happened before `ns` (generation was paused). */
  skipTo(ns: bigint): void {
    if (this.nextStartNs < ns) this.nextStartNs = ns;
    this.pending = this.pending.filter((p) => p.ns >= ns);
  }

  private interaction(startNs: bigint): Flow[] {
    const sink = new FlowSink(this.prng, this.spec.cluster);
    const ctx: StoryContext = {
      sink,
      topo: this.topology,
      policies: this.policies,
      spec: this.spec,
    };
    runStory(ctx, this.prng.weighted(this.spec.stories), startNs);
    return sink.flows;
  }
}
