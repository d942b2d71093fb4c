// Decoders for the sub-messages of flow.Flow that a FlowRecord needs. Each one writes
// into state that lives as long as the enclosing message, so a sub-message that occurs
// twice merges the way protobuf-es merges it (scalars overwrite, lists append, a oneof
// that switches case starts from an empty value).
import 'server-only';
import type { FlowWorkload, PolicyRef } from '@/lib/api/flow-record';
import { WireReader, wireTypeMismatch } from './wire-reader';

/**
 * Skips a field this decoder does not need, but rejects a field it knows (a bit in `known`,
 * fields 1..31) arriving with the wrong wire type: reading it anyway would yield garbage.
 */
export function skipField(r: WireReader, tag: number, known: number): void {
  const fieldNo = tag >>> 3;
  if (fieldNo < 32 && (known >>> fieldNo) & 1) throw wireTypeMismatch(tag);
  r.skip(tag);
}

/** Bit mask of field numbers for skipField. */
export function fieldMask(...fieldNos: number[]): number {
  let m = 0;
  for (const n of fieldNos) m |= 1 << n;
  return m;
}

export class EndpointState {
  present = false;
  id = 0;
  identity = 0;
  cluster = '';
  namespace = '';
  pod = '';
  labels: string[] = [];
  workloads: FlowWorkload[] = [];

  reset(): void {
    this.present = false;
    this.id = 0;
    this.identity = 0;
    this.cluster = '';
    this.namespace = '';
    this.pod = '';
    this.labels = [];
    this.workloads = [];
  }
}

const ENDPOINT_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7);
const PAIR_FIELDS = fieldMask(1, 2);

/** flow.Endpoint: ID 1, identity 2, namespace 3, labels 4, pod_name 5, workloads 6, cluster 7. */
export function readEndpoint(r: WireReader, s: EndpointState): void {
  const end = r.lenEnd();
  s.present = true;
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x08:
        s.id = r.uint32();
        break;
      case 0x10:
        s.identity = r.uint32();
        break;
      case 0x1a:
        s.namespace = r.string();
        break;
      case 0x22:
        s.labels.push(r.string());
        break;
      case 0x2a:
        s.pod = r.string();
        break;
      case 0x32:
        s.workloads.push(readWorkload(r));
        break;
      case 0x3a:
        s.cluster = r.string();
        break;
      default:
        skipField(r, t, ENDPOINT_FIELDS);
    }
  }
  r.expectEnd(end);
}

function readWorkload(r: WireReader): FlowWorkload {
  const end = r.lenEnd();
  const w: FlowWorkload = { name: '', kind: '' };
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x0a) w.name = r.string();
    else if (t === 0x12) w.kind = r.string();
    else skipField(r, t, PAIR_FIELDS);
  }
  r.expectEnd(end);
  return w;
}

/** Reads a message of two strings in fields 1 and 2 (flow.Service) into `out`. */
export function readStringPair(r: WireReader, out: [string, string]): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x0a) out[0] = r.string();
    else if (t === 0x12) out[1] = r.string();
    else skipField(r, t, PAIR_FIELDS);
  }
  r.expectEnd(end);
}

const POLICY_FIELDS = fieldMask(1, 2, 3, 4, 5);

/** flow.Policy: name 1, namespace 2, labels 3, revision 4 (uint64), kind 5. */
export function readPolicy(r: WireReader): PolicyRef {
  const end = r.lenEnd();
  const p: PolicyRef = { name: '', namespace: '', kind: '', revision: '0', labels: [] };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x0a:
        p.name = r.string();
        break;
      case 0x12:
        p.namespace = r.string();
        break;
      case 0x1a:
        p.labels.push(r.string());
        break;
      case 0x20:
        r.varint64();
        p.revision = r.uint64String();
        break;
      case 0x2a:
        p.kind = r.string();
        break;
      default:
        skipField(r, t, POLICY_FIELDS);
    }
  }
  r.expectEnd(end);
  return p;
}

/** Layer4 oneof cases by field number; index 0 is "not set". */
export const L4_NAMES = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP', 'VRRP', 'IGMP'] as const;
export type L4Case = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export class L4State {
  kase: L4Case = 0;
  sport = 0;
  dport = 0;
  /** TCPFlags bits, bit i = field i + 1 (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, NS). */
  flags = 0;
  icmpType = 0;
  icmpCode = 0;

  reset(kase: L4Case): void {
    this.kase = kase;
    this.sport = 0;
    this.dport = 0;
    this.flags = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
  }
}

const L4_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7);
const TCP_FIELDS = fieldMask(1, 2, 3);
const TCP_FLAG_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7, 8, 9);

/** flow.Layer4: a oneof of TCP 1, UDP 2, ICMPv4 3, ICMPv6 4, SCTP 5, VRRP 6, IGMP 7. */
export function readLayer4(r: WireReader, s: L4State): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    const fieldNo = t >>> 3;
    if (fieldNo > 7 || (t & 7) !== 2) {
      skipField(r, t, L4_FIELDS);
      continue;
    }
    const kase = fieldNo as L4Case;
    if (s.kase !== kase) s.reset(kase);
    if (kase === 6 || kase === 7) {
      // VRRP and IGMP carry nothing a FlowRecord shows: only the case matters.
      r.skip(t);
    } else if (kase === 3 || kase === 4) {
      readIcmp(r, s);
    } else {
      readPorts(r, s, kase === 1);
    }
  }
  r.expectEnd(end);
}

/** TCP, UDP and SCTP share source_port 1 and destination_port 2; TCP adds flags 3. */
function readPorts(r: WireReader, s: L4State, tcp: boolean): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x08) s.sport = r.uint32();
    else if (t === 0x10) s.dport = r.uint32();
    else if (t === 0x1a && tcp) readTcpFlags(r, s);
    else skipField(r, t, tcp ? TCP_FIELDS : PAIR_FIELDS);
  }
  r.expectEnd(end);
}

function readTcpFlags(r: WireReader, s: L4State): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    const fieldNo = t >>> 3;
    if ((t & 7) === 0 && fieldNo >= 1 && fieldNo <= 9) {
      const bit = 1 << (fieldNo - 1);
      // An explicit false overwrites an earlier true, as a later scalar does in protobuf.
      s.flags = r.bool() ? s.flags | bit : s.flags & ~bit;
    } else {
      skipField(r, t, TCP_FLAG_FIELDS);
    }
  }
  r.expectEnd(end);
}

function readIcmp(r: WireReader, s: L4State): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x08) s.icmpType = r.uint32();
    else if (t === 0x10) s.icmpCode = r.uint32();
    else skipField(r, t, PAIR_FIELDS);
  }
  r.expectEnd(end);
}
