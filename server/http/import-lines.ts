// Reads a body of Hubble JSON lines into the store, line by line as it arrives, so a large
// capture never sits in memory whole. A line is read whole before anything of it is stored:
// a line that is not a flow (see flowFromJsonLine) is refused with its number and reason,
// and stores nothing; the good lines around it are stored. Never fatal.
import 'server-only';
import type { ImportResult } from '@/lib/api/types';
import type { FlowStore } from '@/server/store/flow-store';
import { flowFromJsonLine } from '@/server/ingest/flow-json';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { ApiError } from './api-error';

const MAX_LINE = 1024 * 1024;
const MAX_REPORTED_ERRORS = 100;

export async function importLines(
  body: ReadableStream<Uint8Array>,
  store: FlowStore,
  maxBytes: number,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, duplicates: 0, skipped: 0, notFlows: 0, errors: [] };
  const decoder = new TextDecoder();
  let pending = '';
  let lineNo = 0;
  let bytes = 0;
  const take = (line: string) => {
    lineNo += 1;
    if (line.trim() === '') return;
    try {
      const flow = flowFromJsonLine(line);
      if (!flow) {
        result.notFlows += 1; // node status and lost events carry no flow
        return;
      }
      const rec = toFlowRecord(flow);
      if (store.get(rec.id)) {
        result.duplicates += 1;
        return;
      }
      store.append(rec);
      result.imported += 1;
      if (result.from === undefined || rec.ts < result.from) result.from = rec.ts;
      if (result.to === undefined || rec.ts > result.to) result.to = rec.ts;
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
