import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  DropReason,
  EventTypeFilterSchema,
  FlowFilterSchema,
  TrafficDirection,
  Verdict,
} from '@/proto/gen/flow/flow_pb';
import type { FlowFilterSpec, FlowQuery } from '@/server/filter/filter-types';
import { parseFilterText } from '@/server/filter/parse-filter-text';
import {
  fromProtoFilter,
  fromProtoFilters,
  toProtoFilter,
  toProtoQuery,
} from '@/server/ingest/proto-filter';

const FULL: FlowFilterSpec = {
  uuid: ['u1'],
  sourceIp: ['10.0.0.0/8'],
  sourcePod: ['shop/frontend'],
  sourceFqdn: ['*.stripe.com'],
  sourceLabel: ['k8s:app=frontend'],
  sourceService: ['shop/cart'],
  sourceWorkload: [{ name: 'frontend', kind: 'Deployment' }, { name: 'only-name' }],
  sourceIdentity: [1234],
  destinationIp: ['fd00::/8'],
  destinationPod: ['db/'],
  destinationFqdn: ['api.stripe.com'],
  destinationLabel: ['reserved:world'],
  destinationService: ['db/pg'],
  destinationWorkload: [{ kind: 'StatefulSet' }],
  destinationIdentity: [2],
  trafficDirection: ['INGRESS', 'EGRESS'],
  verdict: ['DROPPED', 'FORWARDED'],
  dropReasonDesc: ['POLICY_DENIED'],
  eventType: [{ type: 4, subType: 0 }, { type: 129 }],
  httpStatusCode: ['5+'],
  httpMethod: ['GET'],
  httpPath: ['/api/.*'],
  httpUrl: ['https://.*'],
  protocol: ['tcp'],
  sourcePort: ['40000'],
  destinationPort: ['8080'],
  reply: [false],
  dnsQuery: ['stripe'],
  nodeName: ['kind-*'],
};

test('enums and nested messages convert to wire form', () => {
  const p = toProtoFilter(FULL);
  assert.deepEqual(p.verdict, [Verdict.DROPPED, Verdict.FORWARDED]);
  assert.deepEqual(p.dropReasonDesc, [DropReason.POLICY_DENIED]);
  assert.deepEqual(p.trafficDirection, [TrafficDirection.INGRESS, TrafficDirection.EGRESS]);
  assert.deepEqual(
    p.eventType.map((e) => [e.type, e.matchSubType, e.subType]),
    [
      [4, true, 0],
      [129, false, 0],
    ],
  );
  assert.deepEqual(
    p.sourceWorkload.map((w) => [w.name, w.kind]),
    [
      ['frontend', 'Deployment'],
      ['only-name', ''],
    ],
  );
  assert.deepEqual(p.sourceIdentity, [1234]);
  assert.deepEqual(toProtoFilter({}).verdict, []);
});

test('round trip spec -> proto -> binary -> proto -> spec keeps every field', () => {
  const wire = toBinary(FlowFilterSchema, toProtoFilter(FULL));
  const back = fromProtoFilter(fromBinary(FlowFilterSchema, wire));
  assert.deepEqual(back, FULL);
  assert.deepEqual(fromProtoFilter(toProtoFilter({})), {});
});

test('unknown enum names throw; unknown wire numbers become strings', () => {
  assert.throws(() => toProtoFilter({ verdict: ['DROPED'] }), /unknown verdict "DROPED"/);
  assert.throws(() => toProtoFilter({ dropReasonDesc: ['NOPE'] }), /unknown drop reason "NOPE"/);
  assert.throws(
    () => toProtoFilter({ trafficDirection: ['UP'] }),
    /unknown traffic direction "UP"/,
  );
  const wire = create(FlowFilterSchema, {
    verdict: [99 as Verdict],
    dropReasonDesc: [4242 as DropReason],
    eventType: [create(EventTypeFilterSchema, { type: 1 })],
  });
  const spec = fromProtoFilter(wire);
  assert.deepEqual(spec, { verdict: ['99'], dropReasonDesc: ['4242'], eventType: [{ type: 1 }] });
  assert.deepEqual(toProtoFilter(spec).verdict, [99], 'numbers go back unchanged');
});

test('queries convert list by list', () => {
  const parsed = parseFilterText('--namespace shop --verdict dropped --not --port 53');
  assert.ok(parsed.ok);
  const q: FlowQuery = parsed.query;
  const wire = toProtoQuery(q);
  assert.equal(wire.whitelist.length, 2);
  assert.equal(wire.blacklist.length, 2);
  assert.deepEqual(wire.whitelist[0]?.sourcePod, ['shop/']);
  assert.deepEqual(wire.whitelist[1]?.destinationPod, ['shop/']);
  assert.deepEqual(fromProtoFilters(wire.whitelist, wire.blacklist), q);
  assert.deepEqual(fromProtoFilters([], []), { whitelist: [], blacklist: [] });
});
