import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FlowsView } from '@/components/flows/flows-view';

export const metadata: Metadata = { title: 'Flows' };

export default function FlowsPage() {
  // FlowsView reads the filter from the URL (useSearchParams), which Next requires to sit
  // under a Suspense boundary so the rest of the page can still be prerendered.
  return (
    <Suspense fallback={<div className="flows-loading">Loading flows…</div>}>
      <FlowsView />
    </Suspense>
  );
}
