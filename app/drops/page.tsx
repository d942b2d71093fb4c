import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DropTimelineView } from '@/components/timeline/drop-timeline-view';

export const metadata: Metadata = { title: 'Drop timeline' };

export default function DropsPage() {
  // The view reads its state from the URL (useSearchParams), which Next requires to sit
  // under a Suspense boundary.
  return (
    <Suspense fallback={<div className="flows-loading">Loading the drop timeline…</div>}>
      <DropTimelineView />
    </Suspense>
  );
}
