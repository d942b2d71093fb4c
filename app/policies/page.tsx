import type { Metadata } from 'next';
import { PolicyList } from '@/components/policy/policy-list';
import { SelfCheckPanel } from '@/components/policy/self-check-panel';
import styles from '@/components/policy/policy.module.css';

export const metadata: Metadata = { title: 'Policies' };

export default function PoliciesPage() {
  return (
    <div className={styles.page}>
      <div className={styles.view}>
        <SelfCheckPanel />
        <PolicyList />
      </div>
    </div>
  );
}
