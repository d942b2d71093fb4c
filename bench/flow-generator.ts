// Synthetic but realistic FlowRecords for the store bench: ~2,000 workloads in 40
// namespaces, ~10,000 edges, pods with 5-15 labels, HTTP paths with ids, DNS to kube-dns,
// world egress by DNS name, denied packets reported twice (policy verdict + drop), replies.
import type { FlowEndpoint, FlowRecord, PolicyRef } from '@/lib/api/flow-record';
import { seededRandom } from '@/lib/seeded-random';
import { testDns } from '@/testing/flow-record';

const HASH = 'bcdfghjklmnpqrstvwxz2456789';

interface Pod {
  ep: Omit<FlowEndpoint, 'port'>;
}

interface Edge {
  src: Pod[];
  dst: Pod[];
  port: number;
  l7: 'http' | 'dns' | 'none';
  denied: boolean;
}

export interface GeneratorOptions {
  flows: number;
  start: number;
  spanMs: number;
  seed?: number;
}

function makePods(r: () => number, ns: string, wl: string, id: number): Pod[] {
  const hash = (n: number): string =>
    Array.from({ length: n }, () => HASH[Math.floor(r() * HASH.length)]).join('');
  const rs = hash(10);
  const extra = 2 + Math.floor(r() * 10);
  const labels = [`k8s:app=${wl}`, `k8s:io.kubernetes.pod.namespace=${ns}`, `k8s:version=v1`];
  for (let i = 0; i < extra; i++) labels.push(`k8s:example.com/label-${i}=value-${i}`);
  const count = 1 + Math.floor(r() * 3);
  // Decoded protobuf strings are flat; template-literal results are rope strings that make
  // every comparison walk a tree, which would misstate the store's cost.
  return Array.from({ length: count }, (_, i) =>
    flat({
      ep: {
        identity: 10000 + id,
        endpointId: 100 + id * 4 + i,
        namespace: ns,
        pod: `${wl}-${rs}-${hash(5)}`,
        workloads: [{ name: wl, kind: 'Deployment' }],
        labels,
        ip: `10.${(id >> 8) & 255}.${id & 255}.${10 + i}`,
        names: [],
      },
    }),
  );
}

function flat<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function worldPods(): Pod[][] {
  const names = ['api.stripe.com', 'github.com', 's3.amazonaws.com', 'sentry.io', ''];
  return names.map((n, i) => [
    {
      ep: {
        identity: 2,
        namespace: '',
        pod: '',
        workloads: [],
        labels: ['reserved:world'],
        ip: `52.1.${i}.7`,
        names: n ? [n] : [],
      },
    },
  ]);
}

function buildEdges(r: () => number): Edge[] {
  const workloads: Pod[][] = [];
  for (let n = 0; n < 40; n++) {
    for (let w = 0; w < 50; w++) workloads.push(makePods(r, `ns-${n}`, `svc-${w}`, n * 50 + w));
  }
  const dns = makePods(r, 'kube-system', 'coredns', 4000);
  const world = worldPods();
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const edges: Edge[] = [];
  for (let i = 0; i < 10_000; i++) {
    const src = pick(workloads);
    const kind = r();
    if (kind < 0.1) edges.push({ src, dst: dns, port: 53, l7: 'dns', denied: false });
    else if (kind < 0.15)
      edges.push({ src, dst: pick(world), port: 443, l7: 'none', denied: false });
    else {
      const port = pick([80, 8080, 9090, 5432, 6379]);
      const l7 = port === 8080 && r() < 0.5 ? 'http' : 'none';
      edges.push({ src, dst: pick(workloads), port, l7, denied: r() < 0.05 });
    }
  }
  return edges;
}

const DENY: PolicyRef = {
  name: 'deny-all',
  namespace: 'ns-0',
  kind: 'CiliumNetworkPolicy',
  revision: '3',
  labels: ['k8s:io.cilium.k8s.policy.name=deny-all'],
};

export class FlowGenerator {
  private readonly r: () => number;
  private readonly edges: Edge[];
  private n = 0;
  private pendingDrop: FlowRecord | undefined;

  constructor(private readonly opts: GeneratorOptions) {
    this.r = seededRandom(opts.seed ?? 42);
    this.edges = buildEdges(this.r);
  }

  /** The next `count` flows (fresh objects, as ingest would hand them over). */
  batch(count: number): FlowRecord[] {
    const out: FlowRecord[] = [];
    while (out.length < count && this.n < this.opts.flows) out.push(this.next());
    return out;
  }

  private next(): FlowRecord {
    const held = this.pendingDrop;
    if (held) {
      this.pendingDrop = undefined;
      this.n += 1;
      return held;
    }
    const e = this.edges[Math.floor(Math.pow(this.r(), 2) * this.edges.length)]!;
    const rec = this.base(e);
    this.n += 1;
    if (e.denied && this.n < this.opts.flows) this.pendingDrop = this.dropTwin(rec);
    return rec;
  }

  private uuid(): string {
    const h = (): string =>
      Math.floor(this.r() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    const a = h() + h() + h() + h();
    return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20)}`;
  }

  private endpoint(pods: Pod[], port: number | undefined): FlowEndpoint {
    const p = pods[Math.floor(this.r() * pods.length)]!;
    const ep: FlowEndpoint = { ...p.ep, workloads: [...p.ep.workloads], labels: [...p.ep.labels] };
    ep.names = [...p.ep.names];
    if (port !== undefined) ep.port = port;
    return ep;
  }

  private base(e: Edge): FlowRecord {
    const ts = this.opts.start + Math.floor((this.n / this.opts.flows) * this.opts.spanMs);
    const reply = !e.denied && this.r() < 0.3;
    const sub = Math.floor(this.r() * 1e6);
    const rec: FlowRecord = {
      id: this.uuid(),
      hasUuid: true,
      time: new Date(ts).toISOString().slice(0, 23) + String(sub).padStart(6, '0') + 'Z',
      ts,
      node: `node-${Math.floor(this.r() * 20)}`,
      nodeLabels: [],
      verdict: e.denied ? 'DROPPED' : 'FORWARDED',
      type: 'L3_L4',
      eventType: e.denied ? 5 : 4,
      eventSubType: 0,
      direction: 'EGRESS',
      observationPoint: 'TO_STACK',
      isReply: reply,
      policyMatchType: 0,
      ipVersion: 'IPv4',
      encrypted: false,
      protocol: e.port === 53 ? 'UDP' : 'TCP',
      tcpFlags: e.port === 53 ? [] : ['ACK', 'PSH'],
      source: this.endpoint(e.src, 30000 + Math.floor(this.r() * 30000)),
      destination: this.endpoint(e.dst, e.port),
      ingressAllowedBy: [],
      egressAllowedBy: [],
      ingressDeniedBy: [],
      egressDeniedBy: e.denied ? [{ ...DENY, labels: [...DENY.labels] }] : [],
      policyLog: [],
      summary: e.port === 53 ? 'UDP' : 'TCP Flags: ACK, PSH',
    };
    if (e.denied) rec.dropReason = 'POLICY_DENY';
    if (!reply) this.addL7(rec, e);
    return rec;
  }

  private addL7(rec: FlowRecord, e: Edge): void {
    if (e.l7 === 'http') {
      const id = Math.floor(this.r() * 100000);
      const url = `http://${e.dst[0]!.ep.pod}:8080/api/v1/orders/${id}/items`;
      rec.type = 'L7';
      rec.eventType = 129;
      rec.l7 = {
        type: 'REQUEST',
        latencyNs: '0',
        http: {
          code: 0,
          method: this.r() < 0.8 ? 'GET' : 'POST',
          url,
          protocol: 'HTTP/1.1',
          headers: [{ key: 'X-Request-Id', value: this.uuid() }],
        },
      };
      rec.summary = `HTTP/1.1 ${rec.l7.http!.method} ${url}`;
    } else if (e.l7 === 'dns' && this.r() < 0.5) {
      rec.type = 'L7';
      rec.eventType = 129;
      const q = `svc-${Math.floor(this.r() * 50)}.ns-${Math.floor(this.r() * 40)}.svc.cluster.local.`;
      rec.l7 = { type: 'REQUEST', latencyNs: '0', dns: testDns(q) };
      rec.summary = `DNS Query ${q} A`;
    }
  }

  private dropTwin(rec: FlowRecord): FlowRecord {
    const twin: FlowRecord = structuredClone(rec);
    twin.id = this.uuid();
    twin.eventType = 1;
    twin.eventSubType = 181;
    twin.egressDeniedBy = [];
    return twin;
  }
}
