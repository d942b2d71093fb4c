// The policy lab's draft sets: kept in memory, and on disk under `<dataDir>/drafts/` (one
// JSON file per draft, written to a temporary file and renamed over the old one) when a data
// directory is set, so they survive a restart. A file that cannot be read back is reported
// (logged and listed) and left where it is for someone to look at; it never stops the rest.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DraftChange, DraftSet } from '@/lib/api/lab';
import type { PolicyKind } from '@/lib/api/policy';
import { ApiError } from '@/server/http/api-error';
import { log } from '@/server/log';
import { POLICY_KINDS } from './validate-draft';

export const DRAFT_LIMITS = { maxDrafts: 200, maxDraftBytes: 1024 * 1024, maxChanges: 100 };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAME = 200;

/** What a client sends to create or replace a draft; `id` and times are the server's. */
export interface DraftInput {
  name: string;
  changes: DraftChange[];
  staged: boolean;
}

/** A draft file that could not be read back. */
export interface DraftFileError {
  file: string;
  error: string;
}

export interface DraftStore {
  list(): DraftSet[];
  /** Draft files on disk that could not be read (left in place). */
  errors(): DraftFileError[];
  get(id: string): DraftSet | undefined;
  create(input: DraftInput, user?: string): Promise<DraftSet>;
  update(id: string, input: DraftInput, user?: string): Promise<DraftSet | undefined>;
  delete(id: string): Promise<boolean>;
  /** Called after a draft is created, saved or deleted; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface DraftStoreOptions {
  /** FLOWSCOPE_DATA_DIR; the drafts live in its `drafts/` folder. In memory when absent. */
  dataDir?: string;
  limits?: Partial<typeof DRAFT_LIMITS>;
  now?: () => number;
}

export function isDraftId(id: string): boolean {
  return ID.test(id);
}

function newId(): string {
  return randomBytes(12).toString('base64url');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one change; throws a 400 naming the field (`changes[2].yaml`) when it is not one.
 */
export function parseChange(v: unknown, at: string): DraftChange {
  if (!isRecord(v)) throw ApiError.badRequest(`${at} must be an object`, at);
  if (v.action === 'apply') {
    if (typeof v.yaml !== 'string')
      throw ApiError.badRequest(`${at}.yaml must be a string`, `${at}.yaml`);
    return { action: 'apply', yaml: v.yaml };
  }
  if (v.action === 'remove') {
    const kind = v.kind;
    if (typeof kind !== 'string' || !(POLICY_KINDS as readonly string[]).includes(kind)) {
      throw ApiError.badRequest(
        `${at}.kind must be one of ${POLICY_KINDS.join(', ')}`,
        `${at}.kind`,
      );
    }
    for (const f of ['namespace', 'name'] as const) {
      if (typeof v[f] !== 'string')
        throw ApiError.badRequest(`${at}.${f} must be a string`, `${at}.${f}`);
    }
    const name = v.name as string;
    const namespace = kind === 'CiliumClusterwideNetworkPolicy' ? '' : (v.namespace as string);
    if (!name) throw ApiError.badRequest(`${at}.name must not be empty`, `${at}.name`);
    if (!namespace && kind !== 'CiliumClusterwideNetworkPolicy') {
      throw ApiError.badRequest(`${at}.namespace must not be empty`, `${at}.namespace`);
    }
    return { action: 'remove', kind: kind as PolicyKind, namespace, name };
  }
  throw ApiError.badRequest(`${at}.action must be "apply" or "remove"`, `${at}.action`);
}

export function parseChanges(v: unknown, field = 'changes'): DraftChange[] {
  if (!Array.isArray(v)) throw ApiError.badRequest(`${field} must be a list`, field);
  if (v.length > DRAFT_LIMITS.maxChanges) {
    throw ApiError.badRequest(`${field}: at most ${DRAFT_LIMITS.maxChanges} changes`, field);
  }
  return v.map((c, i) => parseChange(c, `${field}[${i}]`));
}

export function parseDraftName(v: unknown): string {
  if (typeof v !== 'string') throw ApiError.badRequest('name must be a string', 'name');
  const name = v.trim();
  if (!name) throw ApiError.badRequest('name must not be empty', 'name');
  if (name.length > MAX_NAME)
    throw ApiError.badRequest(`name: at most ${MAX_NAME} characters`, 'name');
  return name;
}

/** A draft read back from disk, or the reason it is not one. */
function readDraft(text: string, id: string): DraftSet | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return `not JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!isRecord(v)) return 'not a draft object';
  if (v.id !== id) return `its id "${String(v.id).slice(0, 80)}" is not its file name`;
  try {
    const d: DraftSet = {
      id,
      name: parseDraftName(v.name),
      changes: parseChanges(v.changes),
      staged: v.staged === true,
      createdAt: Number(v.createdAt) || 0,
      updatedAt: Number(v.updatedAt) || 0,
    };
    if (typeof v.updatedBy === 'string') d.updatedBy = v.updatedBy;
    return d;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function sizeOf(d: DraftSet): number {
  return Buffer.byteLength(JSON.stringify(d));
}

/** Opens the store; with a data directory, reads every draft file found there. */
export async function openDraftStore(opts: DraftStoreOptions = {}): Promise<DraftStore> {
  const limits = { ...DRAFT_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const dir = opts.dataDir ? path.join(opts.dataDir, 'drafts') : undefined;
  const drafts = new Map<string, DraftSet>();
  const fileErrors: DraftFileError[] = [];

  if (dir) {
    await fs.mkdir(dir, { recursive: true });
    for (const file of (await fs.readdir(dir)).sort()) {
      if (!file.endsWith('.json')) continue;
      const id = file.slice(0, -'.json'.length);
      let result: DraftSet | string;
      try {
        const text = await fs.readFile(path.join(dir, file), 'utf8');
        result = isDraftId(id) ? readDraft(text, id) : 'the file name is not a draft id';
      } catch (err) {
        result = `unreadable: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (typeof result === 'string') {
        fileErrors.push({ file, error: result });
        log.warn('draft file not loaded, left in place', {
          file: path.join(dir, file),
          error: result,
        });
      } else {
        drafts.set(id, result);
      }
    }
  }

  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of [...listeners]) l();
  };

  // Writes one after another: a rename never races another write of the same draft.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  async function persist(d: DraftSet): Promise<void> {
    if (!dir) return;
    const file = path.join(dir, `${d.id}.json`);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(d, null, 1) + '\n', { mode: 0o600 });
    try {
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  function checkSize(d: DraftSet): void {
    const bytes = sizeOf(d);
    if (bytes > limits.maxDraftBytes) {
      throw new ApiError(
        413,
        `the draft is ${bytes} bytes; a draft holds at most ${limits.maxDraftBytes} bytes`,
      );
    }
  }

  function build(id: string, input: DraftInput, createdAt: number, user?: string): DraftSet {
    const d: DraftSet = {
      id,
      name: input.name,
      changes: input.changes,
      staged: input.staged,
      createdAt,
      updatedAt: now(),
    };
    if (user) d.updatedBy = user;
    return d;
  }

  return {
    list: () =>
      [...drafts.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1)),
    errors: () => [...fileErrors],
    get: (id) => drafts.get(id),
    create: (input, user) =>
      serial(async () => {
        if (drafts.size + fileErrors.length >= limits.maxDrafts) {
          throw ApiError.badRequest(
            `there are already ${limits.maxDrafts} drafts (the most kept); delete one first`,
          );
        }
        let id = newId();
        while (drafts.has(id)) id = newId();
        const d = build(id, input, now(), user);
        checkSize(d);
        await persist(d);
        drafts.set(id, d);
        changed();
        return d;
      }),
    update: (id, input, user) =>
      serial(async () => {
        const old = drafts.get(id);
        if (!old) return undefined;
        const d = build(id, input, old.createdAt, user);
        checkSize(d);
        await persist(d);
        drafts.set(id, d);
        changed();
        return d;
      }),
    delete: (id) =>
      serial(async () => {
        if (!drafts.has(id)) return false;
        if (dir) await fs.rm(path.join(dir, `${id}.json`), { force: true });
        drafts.delete(id);
        changed();
        return true;
      }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const KEY = Symbol.for('flowscope.lab.drafts');
type Holder = { [KEY]?: Promise<DraftStore> };

/** The process-wide draft store (Next.js may load this module more than once). */
export function getDraftStore(dataDir: string | undefined): Promise<DraftStore> {
  const holder = globalThis as Holder;
  holder[KEY] ??= openDraftStore({ dataDir });
  return holder[KEY];
}
