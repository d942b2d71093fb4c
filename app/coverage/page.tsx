import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CoverageView } from '@/components/coverage/coverage-view';

export const metadata: Metadata = { title: 'Policy coverage' };

export default function CoveragePage() {
  // The view reads its window from the URL (useSearchParams), which Next requires to sit
  // under a Suspense boundary.
  return (
    <Suspense fallback={<div className="flows-loading">Loading the coverage…</div>}>
      <CoverageView />
    </Suspense>
  );
}
