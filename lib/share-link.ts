// The link a person shares: the current view with its window pinned to absolute times, so
// "last 15 minutes" opened tomorrow shows the same flows, built on the public URL.
import { parseWindowParams, pinWindow, windowParams } from './time-window/time-window';

export function shareLink(opts: {
  /** Base every link starts with: the public URL, or this origin plus the base path. */
  base: string;
  /** Path inside the app, without the base path (`/map`, `/flows/<id>`). */
  pathname: string;
  search: string;
  now: number;
}): string {
  const params = new URLSearchParams(opts.search);
  const parsed = parseWindowParams(params);
  if (parsed.ok) {
    for (const k of ['window', 'from', 'to']) params.delete(k);
    for (const [k, v] of Object.entries(windowParams(pinWindow(parsed.window, opts.now)))) {
      params.set(k, v);
    }
  }
  const query = params.toString();
  return `${opts.base.replace(/\/+$/, '')}${opts.pathname}${query ? `?${query}` : ''}`;
}
