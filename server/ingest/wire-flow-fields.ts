// flow.Flow field by field for the wire decoder: FlowState holds what a FlowRecord is
// built from, readFlow fills it from one length-delimited Flow.
import 'server-only';
import type { PolicyRef } from '@/lib/api/flow-record';
import { L7State, readLayer7 } from './wire-flow-l7';
import {
  EndpointState,
  L4State,
  fieldMask,
  readEndpoint,
  readLayer4,
  readPolicy,
  readStringPair,
  skipField,
} from './wire-flow-parts';
import { WireReader, wireTypeMismatch } from './wire-reader';

const LEN = 2;
const VARINT = 0;

/** Everything of one flow.Flow that a FlowRecord is built from. */
export class FlowState {
  seconds = 0;
  nanos = 0;
  uuid = '';
  verdict = 0;
  dropReason = 0;
  dropReasonDesc = 0;
  authType = 0;
  ipSource = '';
  ipDestination = '';
  ipVersion = 0;
  encrypted = false;
  l4 = new L4State();
  source = new EndpointState();
  destination = new EndpointState();
  type = 0;
  nodeName = '';
  nodeLabels: string[] = [];
  sourceNames: string[] = [];
  destinationNames: string[] = [];
  l7 = new L7State();
  reply = false;
  eventTypePresent = false;
  eventType = 0;
  eventSubType = 0;
  sourceService: [string, string] = ['', ''];
  destinationService: [string, string] = ['', ''];
  direction = 0;
  policyMatchType = 0;
  observationPoint = 0;
  traceReason = 0;
  /** google.protobuf.BoolValue: undefined when absent, false when present but empty. */
  isReply: boolean | undefined = undefined;
  interfaceName = '';
  proxyPort = 0;
  summary = '';
  egressAllowedBy: PolicyRef[] = [];
  ingressAllowedBy: PolicyRef[] = [];
  egressDeniedBy: PolicyRef[] = [];
  ingressDeniedBy: PolicyRef[] = [];
  policyLog: string[] = [];

  /** Fresh arrays every time: the previous flow's record still owns the old ones. */
  reset(): void {
    this.seconds = this.nanos = 0;
    this.uuid = this.ipSource = this.ipDestination = this.nodeName = '';
    this.interfaceName = this.summary = '';
    this.verdict = this.dropReason = this.dropReasonDesc = this.authType = 0;
    this.ipVersion = this.type = this.eventType = this.eventSubType = 0;
    this.direction = this.policyMatchType = this.observationPoint = this.traceReason = 0;
    this.proxyPort = 0;
    this.encrypted = this.reply = this.eventTypePresent = false;
    this.isReply = undefined;
    this.l4.reset(0);
    this.source.reset();
    this.destination.reset();
    this.l7.reset();
    this.nodeLabels = [];
    this.sourceNames = [];
    this.destinationNames = [];
    this.sourceService = ['', ''];
    this.destinationService = ['', ''];
    this.egressAllowedBy = [];
    this.ingressAllowedBy = [];
    this.egressDeniedBy = [];
    this.ingressDeniedBy = [];
    this.policyLog = [];
  }
}

function expectWire(tag: number, wireType: number): void {
  if ((tag & 7) !== wireType) throw wireTypeMismatch(tag);
}

const TIMESTAMP_FIELDS = fieldMask(1, 2);
const IP_FIELDS = fieldMask(1, 2, 3, 4);
const EVENT_TYPE_FIELDS = fieldMask(1, 2);
const BOOL_VALUE_FIELDS = fieldMask(1);
const INTERFACE_FIELDS = fieldMask(1, 2);

export function readFlow(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    // Dispatch on the field number (dense, so a jump table), then check the wire type.
    switch (t >>> 3) {
      case 1: // time
        expectWire(t, LEN);
        readTimestamp(r, s);
        break;
      case 2:
        expectWire(t, VARINT);
        s.verdict = r.int32();
        break;
      case 3:
        expectWire(t, VARINT);
        s.dropReason = r.uint32();
        break;
      case 5: // IP
        expectWire(t, LEN);
        readIp(r, s);
        break;
      case 6:
        expectWire(t, LEN);
        readLayer4(r, s.l4);
        break;
      case 8:
        expectWire(t, LEN);
        readEndpoint(r, s.source);
        break;
      case 9:
        expectWire(t, LEN);
        readEndpoint(r, s.destination);
        break;
      case 10:
        expectWire(t, VARINT);
        s.type = r.int32();
        break;
      case 11:
        expectWire(t, LEN);
        s.nodeName = r.string();
        break;
      case 13:
        expectWire(t, LEN);
        s.sourceNames.push(r.string());
        break;
      case 14:
        expectWire(t, LEN);
        s.destinationNames.push(r.string());
        break;
      case 15:
        expectWire(t, LEN);
        readLayer7(r, s.l7);
        break;
      case 16: // deprecated reply
        expectWire(t, VARINT);
        s.reply = r.bool();
        break;
      case 19:
        expectWire(t, LEN);
        readEventType(r, s);
        break;
      case 20:
        expectWire(t, LEN);
        readStringPair(r, s.sourceService);
        break;
      case 21:
        expectWire(t, LEN);
        readStringPair(r, s.destinationService);
        break;
      case 22:
        expectWire(t, VARINT);
        s.direction = r.int32();
        break;
      case 23:
        expectWire(t, VARINT);
        s.policyMatchType = r.uint32();
        break;
      case 24:
        expectWire(t, VARINT);
        s.observationPoint = r.int32();
        break;
      case 25:
        expectWire(t, VARINT);
        s.dropReasonDesc = r.int32();
        break;
      case 26:
        expectWire(t, LEN);
        readBoolValue(r, s);
        break;
      case 28:
        expectWire(t, LEN);
        readInterface(r, s);
        break;
      case 29:
        expectWire(t, VARINT);
        s.proxyPort = r.uint32();
        break;
      case 34:
        expectWire(t, LEN);
        s.uuid = r.string();
        break;
      case 35:
        expectWire(t, VARINT);
        s.authType = r.int32();
        break;
      case 36:
        expectWire(t, VARINT);
        s.traceReason = r.int32();
        break;
      case 37:
        expectWire(t, LEN);
        s.nodeLabels.push(r.string());
        break;
      default:
        readRareFlowField(r, s, t);
    }
  }
  r.expectEnd(end);
}

/** Fields numbered beyond the dense range: Summary and the policy lists, or unknown. */
function readRareFlowField(r: WireReader, s: FlowState, t: number): void {
  let list: PolicyRef[] | undefined;
  switch (t >>> 3) {
    case 100000:
      expectWire(t, LEN);
      s.summary = r.string();
      return;
    case 21001:
      list = s.egressAllowedBy;
      break;
    case 21002:
      list = s.ingressAllowedBy;
      break;
    case 21004:
      list = s.egressDeniedBy;
      break;
    case 21005:
      list = s.ingressDeniedBy;
      break;
    case 21006:
      expectWire(t, LEN);
      s.policyLog.push(r.string());
      return;
    default:
      // Ethernet, tunnel, emitter, debug and socket fields, and anything newer Hubble adds.
      r.skip(t);
      return;
  }
  expectWire(t, LEN);
  list.push(readPolicy(r));
}

/** google.protobuf.Timestamp: seconds 1 (int64), nanos 2 (int32). */
function readTimestamp(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x08) {
      r.varint64();
      s.seconds = r.int64Number();
    } else if (t === 0x10) {
      s.nanos = r.int32();
    } else {
      skipField(r, t, TIMESTAMP_FIELDS);
    }
  }
  r.expectEnd(end);
}

/** flow.IP: source 1, destination 2, ipVersion 3, encrypted 4 (source_xlated 5 unused). */
function readIp(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x0a) s.ipSource = r.string();
    else if (t === 0x12) s.ipDestination = r.string();
    else if (t === 0x18) s.ipVersion = r.int32();
    else if (t === 0x20) s.encrypted = r.bool();
    else skipField(r, t, IP_FIELDS);
  }
  r.expectEnd(end);
}

/** flow.CiliumEventType: type 1, sub_type 2 (int32, negative values are 10-byte varints). */
function readEventType(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  s.eventTypePresent = true;
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x08) s.eventType = r.int32();
    else if (t === 0x10) s.eventSubType = r.int32();
    else skipField(r, t, EVENT_TYPE_FIELDS);
  }
  r.expectEnd(end);
}

function readBoolValue(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  if (s.isReply === undefined) s.isReply = false;
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x08) s.isReply = r.bool();
    else skipField(r, t, BOOL_VALUE_FIELDS);
  }
  r.expectEnd(end);
}

/** flow.NetworkInterface: index 1 (unused), name 2. */
function readInterface(r: WireReader, s: FlowState): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x12) s.interfaceName = r.string();
    else if (t === 0x08) r.varint64();
    else skipField(r, t, INTERFACE_FIELDS);
  }
  r.expectEnd(end);
}
