/** The query string of `pairs`, in order; a key may repeat. */
export function queryString(pairs: readonly (readonly [string, string])[]): string {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) params.append(k, v);
  return params.toString();
}

/** `params` with every key in `keys` replaced by `pairs`, everything else kept. */
export function replaceParams(
  params: URLSearchParams,
  keys: readonly string[],
  pairs: readonly (readonly [string, string])[],
): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const k of keys) out.delete(k);
  for (const [k, v] of pairs) out.append(k, v);
  return out;
}

/** A repeatable parameter that also takes comma-separated values, trimmed, empties dropped. */
export function listParam(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
