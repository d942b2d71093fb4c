'use client';
// "Share": a link to exactly this view, window pinned, on the deployment's public URL.
import { useState } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { configQueryOptions } from '@/lib/queries';
import { shareLink } from '@/lib/share-link';
import { useEscapeKey } from '@/lib/use-escape-key';

export function ShareButton() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const config = useQuery(configQueryOptions());
  const [link, setLink] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  useEscapeKey(() => setLink(undefined), link !== undefined);

  const share = () => {
    const base =
      config.data?.publicUrl ?? `${window.location.origin}${config.data?.basePath ?? ''}`;
    const next = shareLink({ base, pathname, search: searchParams.toString(), now: Date.now() });
    setLink(next);
    setCopied(false);
    // The clipboard is only there on secure origins; the link is shown either way.
    void navigator.clipboard?.writeText(next).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <div className="share">
      <button type="button" className="button" data-testid="share-button" onClick={share}>
        Share
      </button>
      {link ? (
        <div className="share-popover" role="dialog" aria-label="Link to this view">
          <input
            readOnly
            value={link}
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
            aria-label="Link"
          />
          <span className="muted">{copied ? 'copied' : 'copy this link'}</span>
          <button type="button" className="button" onClick={() => setLink(undefined)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}
