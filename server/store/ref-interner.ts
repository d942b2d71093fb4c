// Interns keys to small integer ids with reference counts, so that dictionary entries used
// only by evicted rows are freed and their ids reused. Without this, pod churn and one-off
// IPs would grow the dictionaries for as long as the process runs.
import 'server-only';

export class RefInterner<T> {
  readonly values: (T | undefined)[] = [];
  readonly keys: (string | undefined)[] = [];
  private readonly refs: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly free: number[] = [];
  private keyChars = 0;

  /** @param firstId ids below it are never handed out (0 can then mean "none"). */
  constructor(private readonly firstId = 0) {
    for (let i = 0; i < firstId; i++) this.pushSlot();
  }

  /** The id for `key`, created with `make` when new; takes `n` references. */
  acquire(key: string, make: (key: string) => T, n = 1): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.free.pop() ?? this.pushSlot();
      this.ids.set(key, id);
      this.keys[id] = key;
      this.values[id] = make(key);
      this.refs[id] = 0;
      this.keyChars += key.length;
    }
    this.refs[id]! += n;
    return id;
  }

  /** Drops `n` references; returns the value when this freed the entry. */
  release(id: number, n = 1): T | undefined {
    if (id < this.firstId) return undefined;
    const left = (this.refs[id] ?? 0) - n;
    if (left > 0) {
      this.refs[id] = left;
      return undefined;
    }
    const key = this.keys[id];
    const value = this.values[id];
    if (key === undefined) return undefined;
    this.ids.delete(key);
    this.keyChars -= key.length;
    this.keys[id] = undefined;
    this.values[id] = undefined;
    this.refs[id] = 0;
    this.free.push(id);
    return value;
  }

  /** Takes `n` more references on an existing id. */
  addRef(id: number, n = 1): void {
    this.refs[id] = (this.refs[id] ?? 0) + n;
  }

  key(id: number): string | undefined {
    return this.keys[id];
  }

  get size(): number {
    return this.ids.size;
  }

  /** Rough heap estimate: key text (two bytes a char, worst case) plus per-entry overhead. */
  get bytes(): number {
    return this.keyChars * 2 + this.ids.size * 96;
  }

  private pushSlot(): number {
    this.values.push(undefined);
    this.keys.push(undefined);
    this.refs.push(0);
    return this.values.length - 1;
  }
}

/** A plain interner for small, bounded key sets (nodes, edges); entries live forever. */
export class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();

  id(key: string, make: () => T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(make());
      this.ids.set(key, id);
    }
    return id;
  }

  get size(): number {
    return this.values.length;
  }
}
