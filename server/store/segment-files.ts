// Persistence for the columnar store: each sealed segment is one immutable file with its own
// small dictionaries (ids are process-local), and the open segment's flows are kept in a
// write-ahead NDJSON file flushed at least once a second. A crash loses at most that second.
// Column bytes are written in the machine's byte order (little-endian on x86 and arm64).
import fs from 'node:fs';
import path from 'node:path';
import type { FlowRecord } from '@/lib/flow-record';
import type { Dictionaries } from './dictionaries';
import { readSegmentFile, serializeSegment } from './segment-codec';
import type { Segment } from './segment';

const WAL = 'open-segment.wal';
const FLUSH_ROWS = 4096;
const FLUSH_MS = 1000;

function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(10, '0')}.fsg`;
}

export class SegmentFiles {
  private pending: string[] = [];
  private walSeq = -1;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly dir: string) {
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  static async open(dir: string): Promise<SegmentFiles> {
    await fs.promises.mkdir(dir, { recursive: true });
    return new SegmentFiles(dir);
  }

  private get walPath(): string {
    return path.join(this.dir, WAL);
  }

  /** Sealed segments in order; unreadable files are skipped (and left for inspection). */
  loadSegments(dict: Dictionaries): Segment[] {
    const names = fs.readdirSync(this.dir).filter((n) => /^seg-\d{10}\.fsg$/.test(n));
    const out: Segment[] = [];
    for (const name of names.sort()) {
      const file = path.join(this.dir, name);
      try {
        out.push(readSegmentFile(fs.readFileSync(file), file, dict));
      } catch (err) {
        console.warn(`flowscope store: skipping unreadable segment ${file}:`, err);
      }
    }
    return out;
  }

  /** The flows of open segment `seq` written before a restart. */
  loadWal(seq: number): FlowRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.walPath, 'utf8');
    } catch {
      return [];
    }
    const lines = text.split('\n');
    const head = lines.shift();
    if (!head || (JSON.parse(head) as { seg?: number }).seg !== seq) return [];
    const out: FlowRecord[] = [];
    for (const line of lines) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as FlowRecord);
      } catch {
        // A torn last line from a crash mid-write: everything before it is good.
        break;
      }
    }
    return out;
  }

  /** Starts the write-ahead file for open segment `seq` (keeping replayed lines if asked). */
  startWal(seq: number, keep: boolean): void {
    this.pending = [];
    this.walSeq = seq;
    if (keep) return;
    fs.writeFileSync(this.walPath, JSON.stringify({ seg: seq }) + '\n');
  }

  logAppend(rec: FlowRecord): void {
    this.pending.push(JSON.stringify(rec));
    if (this.pending.length >= FLUSH_ROWS) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.walSeq < 0) return;
    fs.appendFileSync(this.walPath, this.pending.join('\n') + '\n');
    this.pending = [];
  }

  /** Writes a sealed segment (via a temporary file, so a crash never leaves half a file). */
  writeSegment(seg: Segment, dict: Dictionaries): void {
    const file = path.join(this.dir, segmentName(seg.seq));
    const { bytes, flagsOffset } = serializeSegment(seg, dict);
    fs.writeFileSync(file + '.tmp', bytes);
    fs.renameSync(file + '.tmp', file);
    seg.file = { path: file, flagsOffset };
  }

  /** Rewrites one row's flags byte in a segment already on disk. */
  patchFlag(seg: Segment, row: number): void {
    if (!seg.file) return;
    const fd = fs.openSync(seg.file.path, 'r+');
    try {
      fs.writeSync(fd, seg.flags.subarray(row, row + 1), 0, 1, seg.file.flagsOffset + row);
    } finally {
      fs.closeSync(fd);
    }
  }

  deleteSegment(seg: Segment): void {
    if (!seg.file) return;
    fs.rmSync(seg.file.path, { force: true });
    seg.file = undefined;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
  }
}
