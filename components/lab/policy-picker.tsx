'use client';
// A picker of the policies in force the viewer sees (the policy list's answer), and a button
// that acts on the one chosen.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { policyKeyId } from '@/lib/lab/draft-edit';
import { policyListQueryOptions } from '@/lib/policy/queries';
import styles from './lab.module.css';

interface PolicyPickerProps {
  label: string;
  action: string;
  testId: string;
  onPick: (policyId: string) => void;
}

export function PolicyPicker({ label, action, testId, onPick }: PolicyPickerProps) {
  const list = useQuery(policyListQueryOptions());
  const [chosen, setChosen] = useState('');
  const policies = list.data?.policies ?? [];
  return (
    <span className={styles.picker}>
      <select
        aria-label={label}
        data-testid={`${testId}-select`}
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
      >
        <option value="">{list.isPending ? 'loading policies…' : `${label}…`}</option>
        {policies.map((p) => {
          const id = policyKeyId(p);
          return (
            <option key={id} value={id}>
              {p.kind} {p.namespace ? `${p.namespace}/` : ''}
              {p.name}
            </option>
          );
        })}
      </select>
      <button
        type="button"
        className="button"
        data-testid={testId}
        disabled={!chosen}
        onClick={() => {
          onPick(chosen);
          setChosen('');
        }}
      >
        {action}
      </button>
    </span>
  );
}
