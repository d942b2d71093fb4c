// Display text of the flow detail view that is not a single field: the retention summary
// of the not-found page and the pretty raw JSON. Pure, so each rule is unit-tested.
import type { FlowLookup } from '@/lib/api/types';
import { formatFlowDateTime } from '@/lib/flows/format-flow';

type Retention = Extract<FlowLookup, { found: false }>['retention'];

/** Hours with at most one decimal, e.g. `24` or `1.5`. */
function hours(ms: number): string {
  const h = Math.round((ms / 3_600_000) * 10) / 10;
  return h.toLocaleString('en-US');
}

export interface RetentionText {
  /** What the history holds now, e.g. `2024-01-02 10:00:00.000 → 2024-01-02 14:00:00.000`. */
  span: string;
  /** The store's limits, e.g. `up to 1,000,000 flows, for at most 24 hours`. */
  limits: string;
  /** Whether the history is at a limit, so a missing flow most likely aged out. */
  likelyAgedOut: boolean;
}

export function describeRetention(r: Retention): RetentionText {
  const span =
    r.oldest !== undefined && r.newest !== undefined
      ? `${formatFlowDateTime(r.oldest)} → ${formatFlowDateTime(r.newest)}`
      : 'the history is empty';
  const ageLimit = r.maxAgeMs > 0 ? `, for at most ${hours(r.maxAgeMs)} hours` : '';
  const limits = `up to ${r.maxFlows.toLocaleString('en-US')} flows${ageLimit}`;
  const full = r.maxFlows > 0 && r.flows >= r.maxFlows * 0.95;
  const aged =
    r.maxAgeMs > 0 &&
    r.oldest !== undefined &&
    r.newest !== undefined &&
    r.newest - r.oldest >= r.maxAgeMs * 0.95;
  return { span, limits, likelyAgedOut: full || aged };
}

// The characters cleanText removes, escaped instead so the raw JSON stays exact and valid.
// Newlines are left alone: JSON.stringify escapes those inside strings, so a raw one is layout.
const UNSAFE_CHARS =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The jsonpb line indented for reading. Invisible and direction-changing characters are
 * written as `\uXXXX` escapes (valid JSON meaning the same string) so they cannot disguise
 * the text; input that is not JSON is returned with the same escaping.
 */
export function prettyJson(text: string): string {
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Shown as it came: the raw view must still show something to copy.
  }
  return pretty.replace(UNSAFE_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
