// The last previews' changed flows, kept in memory so the flow list can show exactly the
// flows a preview changed (`GET /api/flows?preview=<id>`). Bounded: the oldest preview is
// forgotten first. A preview belongs to the namespaces of the viewer who ran it: another
// scope reads it as absent, so an id passed around shows nobody more than their own flows.
import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Scope } from '@/server/access/viewer';

export const MAX_PREVIEWS = 20;

export interface StoredPreview {
  id: string;
  /** Epoch ms, [from, to): the window the preview read. */
  window: { from: number; to: number };
  flowIds: ReadonlySet<string>;
  /** More flows changed than were kept. */
  idsTruncated: boolean;
  createdAt: number;
}

interface Entry extends StoredPreview {
  scope: string;
}

function scopeKey(scope: Scope): string {
  return scope === undefined ? '*' : JSON.stringify([...scope].sort());
}

const PREVIEW_ID = /^p-[0-9a-f]{16}$/;

export function isPreviewId(value: string): boolean {
  return PREVIEW_ID.test(value);
}

export class PreviewRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max = MAX_PREVIEWS) {}

  add(scope: Scope, p: Omit<StoredPreview, 'id' | 'createdAt'>, now = Date.now()): string {
    const id = `p-${randomBytes(8).toString('hex')}`;
    this.entries.set(id, { ...p, id, createdAt: now, scope: scopeKey(scope) });
    while (this.entries.size > this.max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return id;
  }

  get(id: string, scope: Scope): StoredPreview | undefined {
    const e = this.entries.get(id);
    if (!e || e.scope !== scopeKey(scope)) return undefined;
    return {
      id: e.id,
      window: e.window,
      flowIds: e.flowIds,
      idsTruncated: e.idsTruncated,
      createdAt: e.createdAt,
    };
  }

  get size(): number {
    return this.entries.size;
  }
}

const KEY = Symbol.for('flowscope.preview-registry');
type Holder = { [KEY]?: PreviewRegistry };

/** The process-wide registry (route bundles may load this module more than once). */
export function previewRegistry(): PreviewRegistry {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new PreviewRegistry());
}
