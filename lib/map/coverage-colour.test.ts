import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoverageAnswer, DirectionCoverage, WorkloadCoverage } from '@/lib/api/coverage';
import { coverageStates, readNodeColour, writeNodeColour } from './coverage-colour';

function dir(enforced: boolean, partial = false): DirectionCoverage {
  return {
    enforced,
    ...(partial ? { partial } : {}),
    selectingPolicies: [],
    enforcingPolicies: [],
  };
}

function workload(id: string, ingress: DirectionCoverage, egress: DirectionCoverage) {
  const [namespace = '', name = ''] = id.split('/');
  const w: WorkloadCoverage = {
    id,
    namespace,
    workload: name,
    labels: [],
    labelSets: 1,
    ingress,
    egress,
    protected: ingress.enforced && egress.enforced,
    unselected: false,
    open: !ingress.enforced && !egress.enforced,
  };
  return w;
}

test('a workload is protected, one-way or open as its directions are enforced', () => {
  const answer: CoverageAnswer = {
    window: { from: 0, to: 1 },
    enforcement: 'default',
    unprotected: [],
    open: [],
    totals: { workloads: 3, protected: 1, unprotected: 0, open: 1 },
    namespaces: [
      {
        namespace: 'shop',
        workloads: [
          workload('shop/frontend', dir(true), dir(true)),
          workload('shop/backend', dir(false), dir(true)),
          // Enforced for only some of its pods counts as not enforced, as on /coverage.
          workload('shop/cart', dir(false, true), dir(false)),
        ],
        protected: 1,
        unprotected: 0,
        open: 1,
      },
    ],
  };
  assert.deepEqual(
    [...coverageStates(answer)],
    [
      ['shop/frontend', 'protected'],
      ['shop/backend', 'one-way'],
      ['shop/cart', 'open'],
    ],
  );
});

test('the node colour mode lives in the URL as nodes=coverage', () => {
  const on = writeNodeColour(new URLSearchParams('window=1h'), 'coverage');
  assert.equal(on.toString(), 'window=1h&nodes=coverage');
  assert.equal(readNodeColour(on), 'coverage');
  const off = writeNodeColour(on, 'kind');
  assert.equal(off.toString(), 'window=1h');
  assert.equal(readNodeColour(off), 'kind');
  assert.equal(readNodeColour(new URLSearchParams('nodes=junk')), 'kind');
});
