// Reads a body of Hubble JSON lines into the store, line by line as it arrives, so a large
// capture never sits in memory whole. Bad lines are counted and reported, never fatal.
import type { ImportResult } from '@/lib/api-types';
import type { FlowStore } from '@/server/store/flow-store';
import { flowFromJsonLine } from '@/server/ingest/flow-json';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { ApiError } from './api-error';

const MAX_LINE = 1024 * 1024;
const MAX_REPORTED_ERRORS = 10;

export async function importLines(
  body: ReadableStream<Uint8Array>,
  store: FlowStore,
  maxBytes: number,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, duplicates: 0, skipped: 0, errors: [] };
  const decoder = new TextDecoder();
  let pending = '';
  let lineNo = 0;
  let bytes = 0;
  const take = (line: string) => {
    lineNo += 1;
    if (line.trim() === '') return;
    try {
      const flow = flowFromJsonLine(line);
      if (!flow) return; // node status and lost events carry no flow
      const rec = toFlowRecord(flow);
      if (store.get(rec.id)) {
        result.duplicates += 1;
        return;
      }
      store.append(rec);
      result.imported += 1;
    } catch (err) {
      result.skipped += 1;
      if (result.errors.length < MAX_REPORTED_ERRORS) {
        result.errors.push({ line: lineNo, error: (err as Error).message.slice(0, 200) });
      }
    }
  };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new ApiError(413, `the file is larger than ${Math.round(maxBytes / 2 ** 20)} MiB`);
    }
    pending += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      take(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
    if (pending.length > MAX_LINE) {
      await reader.cancel();
      throw ApiError.badRequest(`line ${lineNo + 1} is longer than 1 MiB`);
    }
  }
  pending += decoder.decode();
  if (pending) take(pending);
  return result;
}
