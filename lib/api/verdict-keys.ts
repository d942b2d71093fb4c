// The verdict columns of the service map and the drop timeline. Kept in lib so the browser
// can add and stack counts in the same order the server aggregates them.

/** Verdict columns every edge and bucket carries; anything else lands in `other`. */
export const VERDICT_KEYS = [
  'forwarded',
  'dropped',
  'error',
  'audit',
  'redirected',
  'other',
] as const;
export type VerdictKey = (typeof VERDICT_KEYS)[number];
