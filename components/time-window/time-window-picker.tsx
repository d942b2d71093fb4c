'use client';
// The time window every view shares: preset "last N" windows and a custom absolute range.
// State lives in the URL (useTimeWindow), so the picker only reads and writes it.
import { useState } from 'react';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { parseDuration, PRESET_WINDOWS, type TimeWindow } from '@/lib/time-window/time-window';
import { toZoneInput, zoneShort } from '@/lib/time-window/time-format';
import { parseCustomRange } from './custom-range';
import styles from './time-window-picker.module.css';

function CustomRange({
  window,
  onApply,
}: {
  window: TimeWindow;
  onApply: (w: TimeWindow) => void;
}) {
  const [from, setFrom] = useState(window.kind === 'absolute' ? toZoneInput(window.from) : '');
  const [to, setTo] = useState(window.kind === 'absolute' ? toZoneInput(window.to) : '');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className={styles.custom}
      onSubmit={(e) => {
        e.preventDefault();
        const range = parseCustomRange(from, to);
        if (!range.ok) {
          setError(range.error);
          return;
        }
        setError(undefined);
        onApply({ kind: 'absolute', from: range.from, to: range.to });
      }}
    >
      <input
        type="text"
        inputMode="numeric"
        className={styles.input}
        aria-label={`From (YYYY-MM-DD HH:MM, ${zoneShort()})`}
        placeholder="YYYY-MM-DD HH:MM"
        spellCheck={false}
        data-testid="window-custom-from"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <span className={styles.dash}>–</span>
      <input
        type="text"
        inputMode="numeric"
        className={styles.input}
        aria-label={`To (YYYY-MM-DD HH:MM, ${zoneShort()})`}
        placeholder="YYYY-MM-DD HH:MM"
        spellCheck={false}
        data-testid="window-custom-to"
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <span className={styles.zone} data-testid="window-custom-zone">
        {zoneShort()}
      </span>
      <button type="submit" className="button" data-testid="window-custom-apply">
        Apply
      </button>
      {error ? (
        <span className={styles.error} role="alert" data-testid="window-custom-error">
          {error}
        </span>
      ) : null}
    </form>
  );
}

export function TimeWindowPicker() {
  const { window, error, setWindow } = useTimeWindow();
  const active = window.kind === 'relative' ? window.last : undefined;
  // Remount the custom inputs when the window changes elsewhere (a preset, back/forward).
  const customKey = window.kind === 'absolute' ? `${window.from}-${window.to}` : 'relative';
  return (
    <div className={styles.picker} data-testid="time-window" role="group" aria-label="Time window">
      <span className={styles.label}>Last</span>
      <div className={styles.presets}>
        {PRESET_WINDOWS.map((p) => (
          <button
            key={p}
            type="button"
            className={p === active ? `${styles.preset} ${styles.active}` : styles.preset}
            aria-pressed={p === active}
            data-testid={`window-preset-${p}`}
            onClick={() => setWindow({ kind: 'relative', last: p, ms: parseDuration(p) ?? 0 })}
          >
            {p}
          </button>
        ))}
      </div>
      <CustomRange key={customKey} window={window} onApply={setWindow} />
      {error ? (
        <span className={styles.error} role="alert" data-testid="window-error">
          {error.message}
        </span>
      ) : null}
    </div>
  );
}
