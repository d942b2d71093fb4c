// Persistence for the columnar store: each sealed segment is one immutable file with its own
// small dictionaries (ids are process-local), and the open segment's rows are kept in a
// binary write-ahead file (wal-codec.ts) flushed at least once a second. A crash loses at
// most that second.
// Column bytes are written in the machine's byte order (little-endian on x86 and arm64).
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { Dictionaries } from './dictionaries';
import { readSegmentFile, serializeSegment } from './segment-codec';
import type { Segment } from './segment';
import { readWal, WalWriter } from './wal-codec';

const WAL = 'open-segment.wal';
const FLUSH_ROWS = 4096;
const FLUSH_MS = 1000;

function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(10, '0')}.fsg`;
}

export class SegmentFiles {
  private wal: WalWriter | undefined;
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
    try {
      return readWal(fs.readFileSync(this.walPath), seq);
    } catch {
      return [];
    }
  }

  /** Starts a fresh write-ahead file for open segment `seq`. */
  startWal(seq: number): void {
    this.wal = new WalWriter(seq);
    fs.writeFileSync(this.walPath, this.wal.take());
  }

  /** Logs row `i` of the open segment (after it was appended). */
  logRow(seg: Segment, i: number, dict: Dictionaries): void {
    if (!this.wal) return;
    this.wal.row(seg, i, dict);
    if (this.wal.rows >= FLUSH_ROWS) this.flush();
  }

  flush(): void {
    if (!this.wal?.pending) return;
    fs.appendFileSync(this.walPath, this.wal.take());
  }

  /** Writes a sealed segment (via a temporary file, so a crash never leaves half a file). */
  writeSegment(seg: Segment, dict: Dictionaries): void {
    const file = path.join(this.dir, segmentName(seg.seq));
    const { bytes, flagsOffset, pairOffset } = serializeSegment(seg, dict);
    fs.writeFileSync(file + '.tmp', bytes);
    fs.renameSync(file + '.tmp', file);
    seg.file = { path: file, flagsOffset, pairOffset };
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

  /** Rewrites one row's pair link in a segment already on disk (a partner that came late). */
  patchPair(seg: Segment, row: number): void {
    const at = seg.file?.pairOffset;
    if (!seg.file || at === undefined) return;
    const fd = fs.openSync(seg.file.path, 'r+');
    try {
      const bytes = new Uint8Array(seg.pair.buffer, seg.pair.byteOffset + row * 4, 4);
      fs.writeSync(fd, bytes, 0, 4, at + row * 4);
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
