import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReadinessView } from '@/components/lab/readiness-view';

export const metadata: Metadata = { title: 'Staged policy readiness' };

export default function ReadinessPage() {
  // The view reads its draft, namespace and period from the URL (useSearchParams), which
  // Next requires to sit under a Suspense boundary.
  return (
    <Suspense fallback={<div className="flows-loading">Loading…</div>}>
      <ReadinessView />
    </Suspense>
  );
}
