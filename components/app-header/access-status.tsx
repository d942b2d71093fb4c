'use client';
// Who is signed in and what they may see, from /api/config. Without access control the
// header says so in words: everyone who reaches Flowscope sees every namespace.
import { useQuery } from '@tanstack/react-query';
import type { AccessInfo } from '@/lib/api/types';
import { configQueryOptions } from '@/lib/queries';

const UNRESTRICTED_DETAIL =
  'Flowscope is not configured to restrict access: everyone who can reach it sees flows of ' +
  'every namespace. Set FLOWSCOPE_TRUSTED_PROXIES and FLOWSCOPE_ACCESS_GROUPS to limit users ' +
  'to the namespaces their groups grant.';

function describe(access: AccessInfo): { text: string; title: string } {
  switch (access.state) {
    case 'unrestricted':
      return {
        text: 'Access not restricted: all namespaces visible to everyone',
        title: UNRESTRICTED_DETAIL,
      };
    case 'granted': {
      const scope = access.namespaces === 'all' ? 'all namespaces' : access.namespaces.join(', ');
      return {
        text: `${access.user} · ${scope}`,
        title: `Signed in as ${access.user}; flows of ${scope} (either end) are visible.`,
      };
    }
    case 'denied':
      return { text: `No access: ${access.reason}`, title: access.reason };
  }
}

export function AccessStatus() {
  const { data } = useQuery(configQueryOptions());
  if (!data) return null;
  const { text, title } = describe(data.access);
  return (
    <span
      className="access-status"
      data-state={data.access.state}
      data-testid="access-status"
      title={title}
    >
      {text}
    </span>
  );
}
