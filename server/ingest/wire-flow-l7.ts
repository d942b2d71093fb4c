// flow.Layer7 and its record oneof (DNS, HTTP, Kafka) for the wire decoder. The record
// objects are built directly in their FlowRecord shape: they need no post-processing.
import 'server-only';
import type { FlowDns, FlowHttp, FlowKafka } from '@/lib/api/flow-record';
import { fieldMask, skipField } from './wire-flow-parts';
import { WireReader, wireTypeMismatch } from './wire-reader';

export class L7State {
  present = false;
  type = 0;
  latencyNs = '0';
  /** The record oneof by field number: 0 none, 100 dns, 101 http, 102 kafka. */
  kase = 0;
  dns: FlowDns | undefined = undefined;
  http: FlowHttp | undefined = undefined;
  kafka: FlowKafka | undefined = undefined;

  reset(): void {
    this.present = false;
    this.type = 0;
    this.latencyNs = '0';
    this.kase = 0;
    this.dns = undefined;
    this.http = undefined;
    this.kafka = undefined;
  }
}

const L7_FIELDS = fieldMask(1, 2);
const DNS_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7, 8);
const HTTP_FIELDS = fieldMask(1, 2, 3, 4, 5);
const HEADER_FIELDS = fieldMask(1, 2);
const KAFKA_FIELDS = fieldMask(1, 2, 3, 4, 5);

/** flow.Layer7: type 1, latency_ns 2 (uint64), then a oneof of dns 100, http 101, kafka 102. */
export function readLayer7(r: WireReader, s: L7State): void {
  const end = r.lenEnd();
  s.present = true;
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x08:
        s.type = r.int32();
        break;
      case 0x10:
        r.varint64();
        s.latencyNs = r.uint64String();
        break;
      // A oneof that switches case drops the previous value; the same case merges into it.
      case 0x322: // 100 dns
        if (s.kase !== 100 || !s.dns) {
          s.kase = 100;
          s.http = s.kafka = undefined;
          s.dns = emptyDns();
        }
        readDns(r, s.dns);
        break;
      case 0x32a: // 101 http
        if (s.kase !== 101 || !s.http) {
          s.kase = 101;
          s.dns = s.kafka = undefined;
          s.http = { code: 0, method: '', url: '', protocol: '', headers: [] };
        }
        readHttp(r, s.http);
        break;
      case 0x332: // 102 kafka
        if (s.kase !== 102 || !s.kafka) {
          s.kase = 102;
          s.dns = s.http = undefined;
          s.kafka = { errorCode: 0, apiVersion: 0, apiKey: '', correlationId: 0, topic: '' };
        }
        readKafka(r, s.kafka);
        break;
      default: {
        const fieldNo = t >>> 3;
        if (fieldNo >= 100 && fieldNo <= 102) throw wireTypeMismatch(t);
        skipField(r, t, L7_FIELDS);
      }
    }
  }
  r.expectEnd(end);
}

function emptyDns(): FlowDns {
  return {
    query: '',
    ips: [],
    ttl: 0,
    cnames: [],
    observationSource: '',
    rcode: 0,
    qtypes: [],
    rrtypes: [],
  };
}

/**
 * flow.DNS: query 1, ips 2, ttl 3, cnames 4, observation_source 5, rcode 6, qtypes 7,
 * rrtypes 8.
 */
function readDns(r: WireReader, d: FlowDns): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x0a:
        d.query = r.string();
        break;
      case 0x12:
        d.ips.push(r.string());
        break;
      case 0x18:
        d.ttl = r.uint32();
        break;
      case 0x22:
        d.cnames.push(r.string());
        break;
      case 0x2a:
        d.observationSource = r.string();
        break;
      case 0x30:
        d.rcode = r.uint32();
        break;
      case 0x3a:
        d.qtypes.push(r.string());
        break;
      case 0x42:
        d.rrtypes.push(r.string());
        break;
      default:
        skipField(r, t, DNS_FIELDS);
    }
  }
  r.expectEnd(end);
}

/** flow.HTTP: code 1, method 2, url 3, protocol 4, headers 5. */
function readHttp(r: WireReader, h: FlowHttp): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x08:
        h.code = r.uint32();
        break;
      case 0x12:
        h.method = r.string();
        break;
      case 0x1a:
        h.url = r.string();
        break;
      case 0x22:
        h.protocol = r.string();
        break;
      case 0x2a:
        h.headers.push(readHeader(r));
        break;
      default:
        skipField(r, t, HTTP_FIELDS);
    }
  }
  r.expectEnd(end);
}

function readHeader(r: WireReader): { key: string; value: string } {
  const end = r.lenEnd();
  const h = { key: '', value: '' };
  while (r.pos < end) {
    const t = r.tag();
    if (t === 0x0a) h.key = r.string();
    else if (t === 0x12) h.value = r.string();
    else skipField(r, t, HEADER_FIELDS);
  }
  r.expectEnd(end);
  return h;
}

/** flow.Kafka: error_code 1, api_version 2, api_key 3, correlation_id 4, topic 5 (int32s). */
function readKafka(r: WireReader, k: FlowKafka): void {
  const end = r.lenEnd();
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case 0x08:
        k.errorCode = r.int32();
        break;
      case 0x10:
        k.apiVersion = r.int32();
        break;
      case 0x1a:
        k.apiKey = r.string();
        break;
      case 0x20:
        k.correlationId = r.int32();
        break;
      case 0x2a:
        k.topic = r.string();
        break;
      default:
        skipField(r, t, KAFKA_FIELDS);
    }
  }
  r.expectEnd(end);
}
