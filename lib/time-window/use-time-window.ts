'use client';
// The time window of the current view, read from and written to the URL (`window=15m`, or
// `from`/`to`), so every view shares it, links carry it, and back/forward step through it.
import { useCallback } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { parseWindowParams, windowParams, type TimeWindow } from './time-window';
import { DEFAULT_WINDOW } from './time-window';

export interface TimeWindowState {
  window: TimeWindow;
  /** Set when the URL holds a window that does not parse; `window` is then the default. */
  error?: { message: string; param: string };
  setWindow: (w: TimeWindow) => void;
}

export function useTimeWindow(fallback: TimeWindow = DEFAULT_WINDOW): TimeWindowState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const parsed = parseWindowParams(new URLSearchParams(searchParams.toString()), fallback);

  const setWindow = useCallback(
    (w: TimeWindow) => {
      const params = new URLSearchParams(searchParams.toString());
      for (const k of ['window', 'from', 'to']) params.delete(k);
      for (const [k, v] of Object.entries(windowParams(w))) params.set(k, v);
      router.push(`${pathname}?${params.toString()}`, { scroll: false });
    },
    [searchParams, router, pathname],
  );

  if (parsed.ok) return { window: parsed.window, setWindow };
  return { window: fallback, error: { message: parsed.error, param: parsed.param }, setWindow };
}
