import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChangedFlowsView } from '@/components/lab/changed-flows-view';

export const metadata: Metadata = { title: 'Changed flows' };

export default function ChangedFlowsPage() {
  return (
    <Suspense fallback={<div className="flows-loading">Loading…</div>}>
      <ChangedFlowsView />
    </Suspense>
  );
}
