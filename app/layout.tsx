import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header/app-header';
import { TimeZoneProvider } from '@/components/time-window/time-zone';
import { Providers } from './providers';
import './globals.css';

// Every page is rendered per request, so each carries the nonce of its Content-Security-Policy
// (proxy.ts); a prerendered page would have none and its scripts would be refused.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Flowscope', template: '%s · Flowscope' },
  description: 'Cluster-wide dashboard for Cilium Hubble flows and network-policy verdicts',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <div className="app-shell">
            <AppHeader />
            <main className="app-main">
              <TimeZoneProvider>{children}</TimeZoneProvider>
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
