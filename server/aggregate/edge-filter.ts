// Decides once per edge (not per flow) whether a map or timeline query includes it; the
// hot loop then only reads a cached byte per edge id.
import 'server-only';
import {
  parseLabelSelector,
  selectorMatches,
  type LabelRequirement,
} from '@/server/filter/label-selector';
import type { MapSource } from './map-source';
import type { NodeInfo } from './node-identity';

export interface EdgeFilterSpec {
  namespaces?: string[];
  /** Access scope: as `namespaces`, but an empty list admits nothing. */
  scope?: readonly string[];
  selector?: string;
  port?: number;
  protocol?: string;
  excludeReserved?: string[];
}

type NodeTest = (n: NodeInfo) => boolean;

function selectorTest(src: MapSource, selector: string | undefined): NodeTest | undefined {
  if (!selector) return undefined;
  if (src.nodes.some((n) => n?.id === selector)) return (n) => n.id === selector;
  const parsed = parseLabelSelector(selector);
  // An unparsable selector matches nothing rather than everything: the user asked to narrow.
  if (!parsed.ok) return () => false;
  const reqs: LabelRequirement[] = parsed.reqs;
  return (n) => selectorMatches(reqs, n.labels);
}

export class EdgeFilter {
  private readonly cache: Int8Array;
  private readonly namespaces?: Set<string>;
  private readonly scope?: Set<string>;
  private readonly selector?: NodeTest;
  private readonly excluded: Set<string>;

  constructor(
    private readonly src: MapSource,
    private readonly spec: EdgeFilterSpec,
  ) {
    this.cache = new Int8Array(src.edges.length).fill(-1);
    if (spec.namespaces?.length) this.namespaces = new Set(spec.namespaces);
    if (spec.scope) this.scope = new Set(spec.scope);
    this.selector = selectorTest(src, spec.selector);
    this.excluded = new Set(spec.excludeReserved ?? []);
  }

  includes(edgeId: number): boolean {
    const cached = this.cache[edgeId];
    if (cached !== undefined && cached >= 0) return cached === 1;
    const ok = this.decide(edgeId);
    if (cached !== undefined) this.cache[edgeId] = ok ? 1 : 0;
    return ok;
  }

  private decide(edgeId: number): boolean {
    const e = this.src.edges[edgeId];
    const a = e && this.src.nodes[e.source];
    const b = e && this.src.nodes[e.target];
    if (!e || !a || !b) return false;
    const { port, protocol } = this.spec;
    if (port !== undefined && e.port !== port) return false;
    if (protocol && e.protocol.toLowerCase() !== protocol.toLowerCase()) return false;
    if (this.excluded.has(a.reserved) || this.excluded.has(b.reserved)) return false;
    for (const ns of [this.scope, this.namespaces]) {
      if (ns && !ns.has(a.namespace) && !ns.has(b.namespace)) return false;
    }
    if (this.selector && !this.selector(a) && !this.selector(b)) return false;
    return true;
  }
}
