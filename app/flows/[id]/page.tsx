import type { Metadata } from 'next';
import { FlowDetailPage } from '@/components/flow-detail/flow-detail-page';

export const metadata: Metadata = { title: 'Flow' };

// The permalink of one flow: /flows/<id>. The id is attacker-reachable (anyone can craft a
// link), so it only travels as an encoded path segment to the API and as React text.
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FlowDetailPage id={id} />;
}
