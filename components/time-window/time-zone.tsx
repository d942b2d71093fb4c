'use client';
// The zone every time is shown in: the browser's local zone or UTC, chosen in the header and
// kept in localStorage. A switch re-renders the views below it (keyed on the zone), so each
// formatter picks up the new zone; the URL, and with it the view, stays as it was.
import { useSyncExternalStore, type ReactNode } from 'react';
import {
  isZoneMode,
  setZoneMode,
  zoneLabel,
  zoneMode,
  ZONE_MODES,
  ZONE_STORAGE_KEY,
  type ZoneMode,
} from '@/lib/time-window/time-format';

type Listener = () => void;
const listeners = new Set<Listener>();
let loaded = false;

function storedMode(): ZoneMode {
  try {
    const value = window.localStorage.getItem(ZONE_STORAGE_KEY);
    return isZoneMode(value) ? value : 'local';
  } catch {
    return 'local';
  }
}

function chooseMode(mode: ZoneMode): void {
  try {
    window.localStorage.setItem(ZONE_STORAGE_KEY, mode);
  } catch {
    // Storage may be off (private mode); the choice then lasts for this page only.
  }
  setZoneMode(mode);
  for (const listener of listeners) listener();
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function browserMode(): ZoneMode {
  if (!loaded) {
    loaded = true;
    setZoneMode(storedMode());
  }
  return zoneMode();
}

/** The chosen zone; the server renders in local mode, the browser reads the stored choice. */
function useZoneMode(): ZoneMode {
  return useSyncExternalStore(subscribe, browserMode, () => 'local');
}

export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const mode = useZoneMode();
  return (
    <div key={mode} className="zone-root" data-zone={mode}>
      {children}
    </div>
  );
}

const NAMES: Record<ZoneMode, string> = { local: 'Local', utc: 'UTC' };

export function TimeZoneSwitch() {
  const mode = useZoneMode();
  return (
    <div
      className="zone-switch"
      role="group"
      aria-label="Time zone"
      data-testid="zone-switch"
      title={`Times are shown in ${zoneLabel(mode)}`}
    >
      {ZONE_MODES.map((m) => (
        <button
          key={m}
          type="button"
          className={m === mode ? 'zone-option active' : 'zone-option'}
          aria-pressed={m === mode}
          data-testid={`zone-${m}`}
          onClick={() => chooseMode(m)}
        >
          {NAMES[m]}
        </button>
      ))}
      <span className="zone-label" data-testid="zone-label">
        {zoneLabel(mode)}
      </span>
    </div>
  );
}
