// The store's shared dictionaries. Rows hold ids into these; the derived facts (node of an
// endpoint, edge of a row, aggregation facts of a meta) are computed once per distinct key.
import type { FlowEndpoint, FlowRecord } from '@/lib/flow-record';
import { l7DigestKey, type L7Digest } from '@/server/aggregate/l7-digest';
import {
  rowFacts,
  type EdgeDef,
  type MapSource,
  type RowFacts,
} from '@/server/aggregate/map-source';
import {
  classifyEndpoint,
  type NodeInfo,
  type NodeOptions,
} from '@/server/aggregate/node-identity';
import { endpointFingerprint, sameEndpoint } from './endpoint-match';
import { endpointKey } from './row-codec';
import type { Segment } from './segment';
import { Interner, RefInterner } from './ref-interner';

export interface EndpointEntry {
  node: number;
  namespace: string;
  fingerprint: string;
  /** The endpoint as stored (ip and port empty), for matching incoming ones. */
  ep: FlowEndpoint;
}

export interface MetaEntry extends RowFacts {
  protocol: string;
}

export class Dictionaries {
  readonly endpoints = new RefInterner<EndpointEntry>();
  readonly strings = new RefInterner<string>();
  readonly metas = new RefInterner<MetaEntry>();
  /** Id 0 means "no L7 digest". */
  readonly l7 = new RefInterner<L7Digest>(1);
  readonly nodes = new Interner<NodeInfo>();
  readonly edges = new Interner<EdgeDef>();

  private readonly byFingerprint = new Map<string, number[]>();

  constructor(private readonly nodeOptions: NodeOptions) {}

  /** The id of an incoming flow's endpoint, interning it when new. */
  endpointOf(ep: FlowEndpoint): number {
    const fp = endpointFingerprint(ep);
    for (const id of this.byFingerprint.get(fp) ?? []) {
      if (sameEndpoint(this.endpoints.values[id]!.ep, ep)) {
        this.endpoints.addRef(id);
        return id;
      }
    }
    return this.endpoint(endpointKey(ep));
  }

  /** The id of an endpoint given by its key (JSON without ip and port). */
  endpoint(key: string, n = 1): number {
    const before = this.endpoints.size;
    const id = this.endpoints.acquire(key, () => this.newEndpoint(key), n);
    if (this.endpoints.size > before) {
      const fp = this.endpoints.values[id]!.fingerprint;
      const list = this.byFingerprint.get(fp);
      if (list) list.push(id);
      else this.byFingerprint.set(fp, [id]);
    }
    return id;
  }

  private releaseEndpoint(id: number): void {
    const freed = this.endpoints.release(id);
    if (!freed) return;
    const list = this.byFingerprint.get(freed.fingerprint) ?? [];
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byFingerprint.delete(freed.fingerprint);
  }

  private newEndpoint(key: string): EndpointEntry {
    const ep = { ...JSON.parse(key), ip: '' } as FlowEndpoint;
    const info = classifyEndpoint(ep, this.nodeOptions);
    const fingerprint = endpointFingerprint(ep);
    const node = this.nodes.id(info.id, () => info);
    return { node, namespace: ep.namespace, fingerprint, ep };
  }

  meta(key: string, rec: FlowRecord | undefined, n = 1): number {
    return this.metas.acquire(
      key,
      () => {
        const r = rec ?? (JSON.parse(key) as FlowRecord);
        return { ...rowFacts(r), protocol: r.protocol };
      },
      n,
    );
  }

  string(s: string, n = 1): number {
    return this.strings.acquire(s, (k) => k, n);
  }

  digest(d: L7Digest | undefined, n = 1): number {
    return d ? this.l7.acquire(l7DigestKey(d), () => d, n) : 0;
  }

  /** A digest from its key, when loading rows from a file. */
  digestFromKey(key: string, n = 1): number {
    return this.l7.acquire(key, () => parseDigestKey(key), n);
  }

  edge(srcEp: number, dstEp: number, port: number, metaId: number): number {
    const s = this.endpoints.values[srcEp]!.node;
    const d = this.endpoints.values[dstEp]!.node;
    const protocol = this.metas.values[metaId]!.protocol;
    const p = port < 0 ? 0 : port;
    return this.edges.id(`${s} ${d} ${p} ${protocol}`, () => ({
      source: s,
      target: d,
      port: p,
      protocol,
    }));
  }

  /** Gives back the references a segment's rows hold. */
  releaseRows(seg: Segment): void {
    for (let i = 0; i < seg.length; i++) {
      this.releaseEndpoint(seg.srcEp[i]!);
      this.releaseEndpoint(seg.dstEp[i]!);
      this.strings.release(seg.srcIp[i]!);
      this.strings.release(seg.dstIp[i]!);
      this.metas.release(seg.meta[i]!);
      this.l7.release(seg.l7[i]!);
    }
  }

  source(blocks: readonly Segment[]): MapSource {
    return {
      blocks,
      nodes: this.nodes.values,
      edges: this.edges.values,
      facts: this.metas.values,
      l7: this.l7.values,
    };
  }

  get bytes(): number {
    const fixed = (this.nodes.size + this.edges.size) * 200;
    return this.endpoints.bytes + this.strings.bytes + this.metas.bytes + this.l7.bytes + fixed;
  }
}

function parseDigestKey(key: string): L7Digest {
  if (key.startsWith('d ')) {
    return { kind: 'dns', method: '', status: '', path: '', query: key.slice(2) };
  }
  const [, method = '', status = '', ...path] = key.split(' ');
  return { kind: 'http', method, status, path: path.join(' '), query: '' };
}
