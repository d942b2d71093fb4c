import { redirect } from 'next/navigation';

// The flows view is the landing page until the service map exists.
export default function Home() {
  redirect('/flows');
}
