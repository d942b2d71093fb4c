'use client';
// A button that copies text and says so for a moment. The Clipboard API needs a secure
// context (https or localhost); elsewhere the button reports that copying failed.
import { useEffect, useState } from 'react';

const FEEDBACK_MS = 1500;

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({
  text,
  label,
  testId,
}: {
  /** Called on click, so a link that depends on the page's origin is built only then. */
  text: () => string;
  label: string;
  testId: string;
}) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      setState('failed');
      return;
    }
    clipboard.writeText(text()).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  return (
    <button type="button" className="button" data-testid={testId} data-state={state} onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
