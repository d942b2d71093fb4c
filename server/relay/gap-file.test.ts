import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GAP_FILE, openGapLog } from './gap-file';

async function tempDir(): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), 'flowscope-gaps-'));
}

test('ranges survive a restart beside the history; one still open is closed at the last save', async () => {
  const dir = await tempDir();
  try {
    const t = Date.now() - 60_000;
    const first = await openGapLog({ dataDir: dir });
    first.log.add({
      kind: 'lost-events',
      from: t,
      to: t + 1000,
      node: 'kind-worker',
      lost: 1234,
      source: 'HUBBLE_RING_BUFFER',
      detail: 'overwritten',
    });
    first.log.open({ kind: 'relay-unreachable', from: t + 5000, detail: 'UNAVAILABLE: EOF' });
    await first.close();
    const saved = JSON.parse(fs.readFileSync(path.join(dir, GAP_FILE), 'utf8')) as {
      savedAt: number;
    };

    const second = await openGapLog({ dataDir: dir });
    const gaps = second.log.overlapping(t - 1, Date.now());
    assert.equal(gaps.length, 2);
    assert.deepEqual(gaps[0], {
      kind: 'lost-events',
      from: t,
      to: t + 1000,
      ongoing: false,
      node: 'kind-worker',
      lost: 1234,
      source: 'HUBBLE_RING_BUFFER',
      detail: 'overwritten',
    });
    assert.equal(gaps[1]!.ongoing, false);
    assert.equal(gaps[1]!.to, saved.savedAt);
    assert.match(gaps[1]!.detail, /^UNAVAILABLE: EOF \(Flowscope stopped before it ended\)/);
    await second.close();
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
});

test('an unreadable gap file leaves an empty log, and is replaced on the next save', async () => {
  const dir = await tempDir();
  try {
    fs.writeFileSync(path.join(dir, GAP_FILE), '{not json');
    const opened = await openGapLog({ dataDir: dir });
    assert.equal(opened.log.size, 0);
    opened.log.add({
      kind: 'relay-unreachable',
      from: Date.now() - 10,
      to: Date.now(),
      detail: 'x',
    });
    await opened.close();
    const again = await openGapLog({ dataDir: dir });
    assert.equal(again.log.size, 1);
    await again.close();
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
});

test('without a data directory the log lives in memory only', async () => {
  const opened = await openGapLog();
  const now = Date.now();
  opened.log.add({ kind: 'relay-unreachable', from: now - 2000, to: now, detail: 'x' });
  await opened.close();
  assert.equal(opened.log.size, 1);
});
