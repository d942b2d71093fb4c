import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReportView } from '@/components/report/report-view';
import './report-print.css';

export const metadata: Metadata = { title: 'Evidence report' };

export default function ReportPage() {
  // The view reads its scope and window from the URL (useSearchParams), which Next requires
  // to sit under a Suspense boundary.
  return (
    <Suspense fallback={<div className="flows-loading">Loading the report form…</div>}>
      <ReportView />
    </Suspense>
  );
}
