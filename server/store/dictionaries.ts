// The store's shared dictionaries. Rows hold ids into these; the derived facts (node of an
// endpoint, edge of a row, aggregation facts of a meta) are computed once per distinct key.
import 'server-only';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { l7DigestKey, type L7Digest } from '@/server/aggregate/l7-digest';
import {
  rowFacts,
  verdictIndex,
  type EdgeDef,
  type MapSource,
  type RowFacts,
} from '@/server/aggregate/map-source';
import {
  classifyEndpoint,
  type NodeInfo,
  type NodeOptions,
} from '@/server/aggregate/node-identity';
import { endpointHash, endpointShape, sameEndpoint } from './endpoint-match';
import { HASH_SEED, mix, type KeyShape } from './json-match';
import { metaHash, metaShape, sameMeta, type MetaShape } from './meta-match';
import { endpointKey, metaKey } from './row-codec';
import type { Segment } from './segment';
import { Interner, RefInterner } from './ref-interner';

const DROPPED_INDEX = verdictIndex('DROPPED');

export interface EndpointEntry {
  node: number;
  namespace: string;
  /** The endpoint as stored (ip empty, no port), for classification. */
  ep: FlowEndpoint;
  /** The key laid out for matching incoming endpoints. */
  shape: KeyShape;
}

export interface MetaEntry extends RowFacts {
  protocol: string;
  /** Small id of `protocol`, for numeric edge keys. */
  protocolId: number;
  shape: MetaShape;
}

/** Hash -> ids of live entries with it (usually one). */
class HashIndex {
  private readonly ids = new Map<number, number[]>();

  candidates(fp: number): readonly number[] | undefined {
    return this.ids.get(fp);
  }

  add(fp: number, id: number): void {
    const list = this.ids.get(fp);
    if (list) list.push(id);
    else this.ids.set(fp, [id]);
  }

  remove(fp: number, id: number): void {
    const list = this.ids.get(fp);
    if (!list) return;
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.ids.delete(fp);
  }
}

const identity = (k: string): string => k;

export class Dictionaries {
  readonly endpoints = new RefInterner<EndpointEntry>();
  readonly strings = new RefInterner<string>();
  readonly metas = new RefInterner<MetaEntry>();
  /** Id 0 means "no L7 digest". */
  readonly l7 = new RefInterner<L7Digest>(1);
  readonly nodes = new Interner<NodeInfo>();
  readonly edges = new Interner<EdgeDef>();

  private readonly endpointIndex = new HashIndex();
  private readonly metaIndex = new HashIndex();
  private readonly protocolIds = new Map<string, number>();
  /** Hash of (source node, target node, port, protocol) -> edge id, checked on use. */
  private readonly edgeByHash = new Map<number, number>();
  /** While set, a new endpoint or meta takes its strings from this flow (see adopt). */
  private incoming: FlowRecord | FlowEndpoint | undefined;

  constructor(private readonly nodeOptions: NodeOptions) {}

  /** The id of an incoming flow's endpoint, interning it when new. */
  endpointOf(ep: FlowEndpoint): number {
    const list = this.endpointIndex.candidates(endpointHash(ep));
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (sameEndpoint(this.endpoints.values[id]!.shape, ep)) {
          this.endpoints.addRef(id);
          return id;
        }
      }
    }
    this.incoming = ep;
    try {
      return this.endpoint(endpointKey(ep));
    } finally {
      this.incoming = undefined;
    }
  }

  /** The id of an endpoint given by its key (JSON without ip and port). */
  endpoint(key: string, n = 1): number {
    const before = this.endpoints.size;
    const id = this.endpoints.acquire(key, () => this.newEndpoint(key), n);
    if (this.endpoints.size > before)
      this.endpointIndex.add(this.endpoints.values[id]!.shape.hash, id);
    return id;
  }

  private releaseEndpoint(id: number): void {
    const freed = this.endpoints.release(id);
    if (freed) this.endpointIndex.remove(freed.shape.hash, id);
  }

  private releaseMeta(id: number): void {
    const freed = this.metas.release(id);
    if (freed) this.metaIndex.remove(freed.shape.hash, id);
  }

  private newEndpoint(key: string): EndpointEntry {
    const parsed = JSON.parse(key) as FlowEndpoint;
    const shape = endpointShape(parsed, this.incoming as FlowEndpoint | undefined);
    const ep = { ...parsed, ip: '' };
    const info = classifyEndpoint(ep, this.nodeOptions);
    const node = this.nodes.id(info.id, () => info);
    return { node, namespace: ep.namespace, ep, shape };
  }

  /** The meta id of an incoming flow, interning it when new. */
  metaOf(rec: FlowRecord): number {
    const list = this.metaIndex.candidates(metaHash(rec));
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (sameMeta(this.metas.values[id]!.shape, rec)) {
          this.metas.addRef(id);
          return id;
        }
      }
    }
    this.incoming = rec;
    try {
      return this.meta(metaKey(rec));
    } finally {
      this.incoming = undefined;
    }
  }

  /** The id of a meta given by its key (see metaKey). */
  meta(key: string, n = 1): number {
    const before = this.metas.size;
    const id = this.metas.acquire(key, () => this.newMeta(key), n);
    if (this.metas.size > before) this.metaIndex.add(this.metas.values[id]!.shape.hash, id);
    return id;
  }

  private newMeta(key: string): MetaEntry {
    const shape = metaShape(key, this.incoming as FlowRecord | undefined);
    const r = shape.parsed as unknown as FlowRecord;
    let protocolId = this.protocolIds.get(r.protocol);
    if (protocolId === undefined) {
      protocolId = this.protocolIds.size;
      this.protocolIds.set(r.protocol, protocolId);
    }
    return { ...rowFacts(r), protocol: r.protocol, protocolId, shape };
  }

  string(s: string, n = 1): number {
    return this.strings.acquire(s, identity, n);
  }

  digest(d: L7Digest | undefined, n = 1): number {
    return d ? this.l7.acquire(l7DigestKey(d), () => d, n) : 0;
  }

  /** A digest from its key, when loading rows from a file. */
  digestFromKey(key: string, n = 1): number {
    return this.l7.acquire(key, () => parseDigestKey(key), n);
  }

  /**
   * The map edge of a row: source node → destination node on the destination port. A
   * dropped reply belongs to its connection, so it is counted on the connection's edge
   * (reply destination → reply source, on the reply's source port) as one of its drops.
   */
  edge(srcEp: number, dstEp: number, srcPort: number, dstPort: number, metaId: number): number {
    const meta = this.metas.values[metaId]!;
    const turned = meta.reply && meta.verdict === DROPPED_INDEX;
    const s = this.endpoints.values[turned ? dstEp : srcEp]!.node;
    const d = this.endpoints.values[turned ? srcEp : dstEp]!.node;
    const port = turned ? srcPort : dstPort;
    const p = port < 0 ? 0 : port;
    // One small-integer key instead of a string per flow; a hash collision only costs the
    // string lookup below, and the entry is checked against the edge it names.
    const h = mix(mix(mix(mix(HASH_SEED, s), d), p), meta.protocolId) & 0x3fffffff;
    const known = this.edgeByHash.get(h);
    if (known !== undefined) {
      const e = this.edges.values[known]!;
      if (e.source === s && e.target === d && e.port === p && e.protocol === meta.protocol) {
        return known;
      }
    }
    const id = this.edgeByKey(s, d, p, meta.protocol);
    if (known === undefined) this.edgeByHash.set(h, id);
    return id;
  }

  private edgeByKey(s: number, d: number, p: number, protocol: string): number {
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
      this.releaseMeta(seg.meta[i]!);
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
