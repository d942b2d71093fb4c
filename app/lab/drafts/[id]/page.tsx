import type { Metadata } from 'next';
import { DraftView } from '@/components/lab/draft-view';

export const metadata: Metadata = { title: 'Policy lab draft' };

export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DraftView id={id} />;
}
