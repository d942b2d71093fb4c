import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PreviewLabView } from '@/components/lab/preview-lab-view';

export const metadata: Metadata = { title: 'Impact preview' };

export default function LabPreviewPage() {
  // The window comes from the URL (useSearchParams), which Next requires under Suspense.
  return (
    <Suspense fallback={<div className="flows-loading">Loading…</div>}>
      <PreviewLabView />
    </Suspense>
  );
}
