// The policy view's header: what the policy is and where it came from. Text only.
import type { PolicyDto } from '@/lib/api/policy';
import styles from './policy.module.css';

export function PolicyHeader({ policy }: { policy: PolicyDto }) {
  return (
    <header className={styles.panel} data-testid="policy-header">
      <h1 className={styles.title} data-testid="policy-name">
        {policy.name}
      </h1>
      <div className={styles.meta}>
        <span>
          kind <strong data-testid="policy-kind">{policy.kind}</strong>
        </span>
        <span>
          namespace{' '}
          <strong data-testid="policy-namespace">{policy.namespace || '— (cluster-wide)'}</strong>
        </span>
        <span>
          revision <strong data-testid="policy-revision">{policy.revision ?? '—'}</strong>
        </span>
        <span>
          source <strong className={styles.mono}>{policy.source}</strong>
        </span>
      </div>
    </header>
  );
}
