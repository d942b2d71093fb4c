import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PolicyView } from '@/components/policy/policy-view';
import styles from '@/components/policy/policy.module.css';

export const metadata: Metadata = { title: 'Policy' };

type Params = { kind: string; namespace: string; name: string };

// One policy: /policies/<kind>/<namespace or _>/<name>[?flow=<id>]. The parts are
// attacker-reachable (anyone can craft a link); the server validates them, and the view
// passes them on only as encoded path segments and React text.
export default async function Page({ params }: { params: Promise<Params> }) {
  const { kind, namespace, name } = await params;
  return (
    <div className={styles.page}>
      {/* The view reads the window and flow from the URL (useSearchParams). */}
      <Suspense fallback={<p className={styles.muted}>Loading the policy…</p>}>
        <PolicyView kind={kind} namespace={namespace} name={name} />
      </Suspense>
    </div>
  );
}
