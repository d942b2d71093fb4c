import type { Metadata } from 'next';
import { DraftList } from '@/components/lab/draft-list';

export const metadata: Metadata = { title: 'Policy lab' };

export default function LabPage() {
  return <DraftList />;
}
