import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServiceMapView } from '@/components/map/service-map-view';

export const metadata: Metadata = { title: 'Service map' };

export default function MapPage() {
  // The view reads its state from the URL (useSearchParams), which Next requires to sit
  // under a Suspense boundary.
  return (
    <Suspense fallback={<div className="flows-loading">Loading the service map…</div>}>
      <ServiceMapView />
    </Suspense>
  );
}
