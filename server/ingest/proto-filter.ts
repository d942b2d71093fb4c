// FlowFilterSpec <-> flow.FlowFilter. The spec mirrors the proto field by field, so the
// only real work is enums (names in the spec, numbers on the wire) and the two nested
// messages. Wire fields the spec does not model (tcp_flags, http_header, ...) are dropped.
import 'server-only';

import { create } from '@bufbuild/protobuf';
import {
  DropReason,
  EventTypeFilterSchema,
  FlowFilterSchema,
  TrafficDirection,
  Verdict,
  WorkloadSchema,
  type FlowFilter,
} from '@/proto/gen/flow/flow_pb';
import type {
  EventTypeSelector,
  FlowFilterSpec,
  FlowQuery,
  WorkloadSelector,
} from '@/server/filter/filter-types';

type EnumObject = Record<string, string | number>;

/**
 * Enum name -> number. A decimal string is taken as the number itself, so a value that
 * came from a newer Hubble as an unknown number goes back on the wire unchanged.
 */
function toEnum(e: EnumObject, what: string, names: readonly string[] | undefined): number[] {
  return (names ?? []).map((name) => {
    if (/^[0-9]+$/.test(name)) return Number(name);
    const value = e[name];
    if (typeof value !== 'number') throw new Error(`unknown ${what} "${name}" in flow filter`);
    return value;
  });
}

function fromEnum(e: EnumObject, values: readonly number[]): string[] {
  return values.map((v) => {
    const name = e[v];
    return typeof name === 'string' ? name : String(v);
  });
}

function list<T>(values: readonly T[] | undefined): T[] {
  return values ? [...values] : [];
}

function workloads(ws: readonly WorkloadSelector[] | undefined) {
  return (ws ?? []).map((w) => create(WorkloadSchema, { name: w.name ?? '', kind: w.kind ?? '' }));
}

function eventTypes(ts: readonly EventTypeSelector[] | undefined) {
  return (ts ?? []).map((t) =>
    create(EventTypeFilterSchema, {
      type: t.type,
      matchSubType: t.subType !== undefined,
      subType: t.subType ?? 0,
    }),
  );
}

/** Throws on an enum name the generated enums do not know. */
export function toProtoFilter(f: FlowFilterSpec): FlowFilter {
  return create(FlowFilterSchema, {
    uuid: list(f.uuid),
    sourceIp: list(f.sourceIp),
    sourcePod: list(f.sourcePod),
    sourceFqdn: list(f.sourceFqdn),
    sourceLabel: list(f.sourceLabel),
    sourceService: list(f.sourceService),
    sourceWorkload: workloads(f.sourceWorkload),
    sourceIdentity: list(f.sourceIdentity),
    destinationIp: list(f.destinationIp),
    destinationPod: list(f.destinationPod),
    destinationFqdn: list(f.destinationFqdn),
    destinationLabel: list(f.destinationLabel),
    destinationService: list(f.destinationService),
    destinationWorkload: workloads(f.destinationWorkload),
    destinationIdentity: list(f.destinationIdentity),
    trafficDirection: toEnum(TrafficDirection, 'traffic direction', f.trafficDirection),
    verdict: toEnum(Verdict, 'verdict', f.verdict),
    dropReasonDesc: toEnum(DropReason, 'drop reason', f.dropReasonDesc),
    eventType: eventTypes(f.eventType),
    httpStatusCode: list(f.httpStatusCode),
    httpMethod: list(f.httpMethod),
    httpPath: list(f.httpPath),
    httpUrl: list(f.httpUrl),
    protocol: list(f.protocol),
    sourcePort: list(f.sourcePort),
    destinationPort: list(f.destinationPort),
    reply: list(f.reply),
    dnsQuery: list(f.dnsQuery),
    nodeName: list(f.nodeName),
  });
}

/** Only non-empty wire fields become spec fields, so an empty filter is `{}`. */
export function fromProtoFilter(f: FlowFilter): FlowFilterSpec {
  const out: FlowFilterSpec = {};
  const set = <K extends keyof FlowFilterSpec>(key: K, value: FlowFilterSpec[K] & unknown[]) => {
    if (value.length > 0) out[key] = value;
  };
  set('uuid', [...f.uuid]);
  set('sourceIp', [...f.sourceIp]);
  set('sourcePod', [...f.sourcePod]);
  set('sourceFqdn', [...f.sourceFqdn]);
  set('sourceLabel', [...f.sourceLabel]);
  set('sourceService', [...f.sourceService]);
  set('sourceWorkload', f.sourceWorkload.map(workloadSelector));
  set('sourceIdentity', [...f.sourceIdentity]);
  set('destinationIp', [...f.destinationIp]);
  set('destinationPod', [...f.destinationPod]);
  set('destinationFqdn', [...f.destinationFqdn]);
  set('destinationLabel', [...f.destinationLabel]);
  set('destinationService', [...f.destinationService]);
  set('destinationWorkload', f.destinationWorkload.map(workloadSelector));
  set('destinationIdentity', [...f.destinationIdentity]);
  set('trafficDirection', fromEnum(TrafficDirection, f.trafficDirection));
  set('verdict', fromEnum(Verdict, f.verdict));
  set('dropReasonDesc', fromEnum(DropReason, f.dropReasonDesc));
  set(
    'eventType',
    f.eventType.map((t) =>
      t.matchSubType ? { type: t.type, subType: t.subType } : { type: t.type },
    ),
  );
  set('httpStatusCode', [...f.httpStatusCode]);
  set('httpMethod', [...f.httpMethod]);
  set('httpPath', [...f.httpPath]);
  set('httpUrl', [...f.httpUrl]);
  set('protocol', [...f.protocol]);
  set('sourcePort', [...f.sourcePort]);
  set('destinationPort', [...f.destinationPort]);
  set('reply', [...f.reply]);
  set('dnsQuery', [...f.dnsQuery]);
  set('nodeName', [...f.nodeName]);
  return out;
}

function workloadSelector(w: { name: string; kind: string }): WorkloadSelector {
  const sel: WorkloadSelector = {};
  if (w.name) sel.name = w.name;
  if (w.kind) sel.kind = w.kind;
  return sel;
}

export function fromProtoFilters(whitelist: FlowFilter[], blacklist: FlowFilter[]): FlowQuery {
  return { whitelist: whitelist.map(fromProtoFilter), blacklist: blacklist.map(fromProtoFilter) };
}

export function toProtoQuery(q: FlowQuery): { whitelist: FlowFilter[]; blacklist: FlowFilter[] } {
  return { whitelist: q.whitelist.map(toProtoFilter), blacklist: q.blacklist.map(toProtoFilter) };
}
