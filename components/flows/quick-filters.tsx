'use client';
// A compact row of controls, each owning one `hubble observe` flag in the filter text.
// Selects apply at once; text inputs apply with Enter, like the filter box they edit.
import { DECISION_FILTER_VALUES } from '@/lib/api/decisions';
import { getFlag, setFlag } from './flag-text';

type Control =
  | { kind: 'text'; flag: string; label: string; placeholder: string; size: 's' | 'm' | 'l' }
  | { kind: 'select'; flag: string; label: string; options: readonly string[] };

const DROP_REASONS = [
  'POLICY_DENIED',
  'POLICY_DENY',
  'AUTH_REQUIRED',
  'STALE_OR_UNROUTABLE_IP',
  'UNSUPPORTED_L3_PROTOCOL',
  'CT_MAP_INSERTION_FAILED',
  'NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT',
  'UNKNOWN_CONNECTION_TRACKING_STATE',
] as const;

const CONTROLS: readonly Control[] = [
  { kind: 'text', flag: 'namespace', label: 'Namespace', placeholder: 'namespace', size: 'm' },
  { kind: 'text', flag: 'pod', label: 'Pod', placeholder: 'ns/pod', size: 'm' },
  { kind: 'text', flag: 'workload', label: 'Workload', placeholder: 'workload', size: 'm' },
  { kind: 'text', flag: 'label', label: 'Label', placeholder: 'k8s:app=web', size: 'm' },
  {
    kind: 'select',
    flag: 'verdict',
    label: 'Verdict',
    options: ['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED'],
  },
  {
    kind: 'select',
    flag: 'protocol',
    label: 'Protocol',
    options: ['tcp', 'udp', 'icmp', 'sctp', 'http', 'dns', 'kafka'],
  },
  { kind: 'text', flag: 'port', label: 'Port', placeholder: 'port', size: 's' },
  {
    kind: 'select',
    flag: 'http-method',
    label: 'HTTP method',
    options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  },
  { kind: 'text', flag: 'http-status', label: 'HTTP status', placeholder: 'status', size: 's' },
  { kind: 'text', flag: 'http-path', label: 'HTTP path', placeholder: '/api/.*', size: 'm' },
  { kind: 'text', flag: 'fqdn', label: 'DNS name', placeholder: '*.example.com', size: 'm' },
  { kind: 'text', flag: 'node-name', label: 'Node', placeholder: 'node', size: 'm' },
  {
    kind: 'text',
    flag: 'policy',
    label: 'Decided by policy',
    placeholder: 'ns/name#rule',
    size: 'm',
  },
  {
    kind: 'select',
    flag: 'decision',
    label: 'Decision',
    options: DECISION_FILTER_VALUES,
  },
  {
    kind: 'text',
    flag: 'drop-reason-desc',
    label: 'Drop reason',
    placeholder: 'drop reason',
    size: 'l',
  },
];

export interface QuickFiltersProps {
  text: string;
  /** The text changed but is not applied yet. */
  onChange: (text: string) => void;
  /** The text changed and should be applied now. */
  onCommit: (text: string) => void;
}

export function QuickFilters({ text, onChange, onCommit }: QuickFiltersProps) {
  return (
    <div className="quick-filters" data-testid="quick-filters">
      {CONTROLS.map((control) => {
        const value = getFlag(text, control.flag);
        const testId = `quick-${control.flag}`;
        if (control.kind === 'select') {
          return (
            <select
              key={control.flag}
              className={value ? 'quick-control is-set' : 'quick-control'}
              aria-label={control.label}
              title={`--${control.flag}`}
              data-testid={testId}
              value={value}
              onChange={(e) => onCommit(setFlag(text, control.flag, e.target.value))}
            >
              <option value="">{control.label}</option>
              {/* Keeps a value typed into the text box selectable even if not listed. */}
              {value && !control.options.includes(value) ? (
                <option value={value}>{value}</option>
              ) : null}
              {control.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          );
        }
        return (
          <input
            key={control.flag}
            className={`quick-control quick-${control.size}${value ? ' is-set' : ''}`}
            aria-label={control.label}
            title={`--${control.flag} (Enter to apply)`}
            placeholder={control.placeholder}
            data-testid={testId}
            list={control.flag === 'drop-reason-desc' ? 'drop-reasons' : undefined}
            value={value}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange(setFlag(text, control.flag, e.target.value))}
          />
        );
      })}
      <datalist id="drop-reasons">
        {DROP_REASONS.map((reason) => (
          <option key={reason} value={reason} />
        ))}
      </datalist>
    </div>
  );
}
