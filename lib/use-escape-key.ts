'use client';
// Escape closes what is open (a side panel, a popover), as every dialog-like thing should.
import { useEffect } from 'react';

/** Calls `onEscape` when Escape is pressed anywhere on the page, while `active`. */
export function useEscapeKey(onEscape: (() => void) | undefined, active = true): void {
  useEffect(() => {
    if (!onEscape || !active) return;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onEscape();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [onEscape, active]);
}
