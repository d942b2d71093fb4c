import Link from 'next/link';
import { Suspense } from 'react';
import { ShareButton } from './share-button';
import { MainNav } from './main-nav';
import { RelayStatusBar } from './relay-status-bar';
import { AccessStatus } from './access-status';
import { TimeZoneSwitch } from '@/components/time-window/time-zone';

/** The bar on every page: product name, views, and the health of the relay connection. */
export function AppHeader() {
  return (
    <header className="app-header" data-testid="app-header">
      <Link href="/flows" className="app-brand">
        Flowscope
      </Link>
      <MainNav />
      <Suspense fallback={null}>
        <ShareButton />
      </Suspense>
      <TimeZoneSwitch />
      <RelayStatusBar />
      <AccessStatus />
    </header>
  );
}
