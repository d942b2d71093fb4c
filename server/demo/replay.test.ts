import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import { startDemoRelay } from './demo-relay';
import { loadReplayFile, parseFlowLines, shiftToNow } from './replay';
import { collectFlows, flowsOf } from '@/testing/demo-client';
import { CAPTURE_FILES, captureLines, capturePath, capturesSkip } from '@/testing/captures';

const [HTTP, DNS] = CAPTURE_FILES;
const FILES = [DNS, HTTP] as const;
const skip = capturesSkip;

describe('replay', () => {
  for (const [file, count] of FILES) {
    it(`loads every line of ${file}`, { skip }, async () => {
      const load = await loadReplayFile(capturePath(file));
      assert.equal(load.skipped, 0);
      assert.equal(load.flows.length, count);
      assert.ok(load.flows.every((f) => f.nodeName !== '' && f.time));
    });
  }

  it('accepts camelCase and bare flows, and counts bad lines', { skip }, () => {
    const snake = captureLines(FILES[0][0])[0] ?? '';
    const bare = JSON.stringify((JSON.parse(snake) as { flow: unknown }).flow);
    const camel = snake
      .replace(/"source_port"/g, '"sourcePort"')
      .replace(/"node_name"/g, '"nodeName"');
    const load = parseFlowLines(
      [snake, camel, bare, '', 'not json', '[1]', '{"node_status":{}}'].join('\n'),
    );
    assert.equal(load.flows.length, 3);
    assert.equal(load.skipped, 3);
    assert.equal(load.errors[0]?.line, 5);
    const shifted = shiftToNow(load.flows, 1_000_000);
    assert.equal(timestampToMs(shifted.at(-1)?.time), 1_000_000);
  });

  it(
    'serves a capture through the relay, newest flow at now, in each flow node ring',
    { skip },
    async () => {
      const relay = await startDemoRelay({
        replayFile: capturePath(FILES[1][0]),
        hideNewestInRing: false,
      });
      try {
        const flows = flowsOf(await collectFlows(relay.address, { number: 100_000n }));
        assert.equal(flows.length, 348);
        const newest = Math.max(...flows.map((f) => timestampToMs(f.time)));
        assert.ok(Math.abs(Date.now() - newest) < 5000);
        assert.equal(relay.totalFlows(), 348);
      } finally {
        await relay.stop();
      }
    },
  );
});
