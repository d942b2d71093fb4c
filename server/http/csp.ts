// The Content-Security-Policy of every page. Flow data is attacker-controlled (pod names,
// labels, URLs, DNS names come from the cluster), so even if some rendering path ever
// interpreted it as markup, the browser must refuse to run it: scripts only with this
// request's nonce (Next.js stamps it on its own bootstrap scripts), no plugins, no <base>
// rewriting, no framing.
//
// Edge-safe on purpose: proxy.ts imports it, so no Node built-ins here.
import 'server-only';

/** A fresh, unguessable nonce: base64 of a random UUID (122 random bits). */
export function createNonce(): string {
  return btoa(crypto.randomUUID());
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

export interface CspOptions {
  /**
   * `next dev` reconstructs server error stacks with eval; a production build never
   * evaluates strings, so only development gets 'unsafe-eval'.
   */
  dev?: boolean;
}

export function buildCsp(nonce: string, options: CspOptions = {}): string {
  // The nonce lands inside a header value: anything but base64 could end the directive.
  if (!NONCE.test(nonce)) throw new Error('csp: the nonce must be base64, 16 characters or more');
  const script = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  if (options.dev) script.push(`'unsafe-eval'`);
  const directives: [string, string[]][] = [
    ['default-src', [`'self'`]],
    ['script-src', script],
    // React sets style attributes (map node positions, virtualized rows); those are inline
    // styles, which a nonce cannot cover. CSS cannot run script in current browsers.
    ['style-src', [`'self'`, `'unsafe-inline'`]],
    // blob: and data: for the map export (an Image of the SVG blob, drawn to a canvas).
    ['img-src', [`'self'`, 'blob:', 'data:']],
    ['font-src', [`'self'`]],
    // The API and its event streams are same-origin.
    ['connect-src', [`'self'`]],
    // The map lays out in a Web Worker, possibly created from a blob: URL.
    ['worker-src', [`'self'`, 'blob:']],
    ['object-src', [`'none'`]],
    ['base-uri', [`'none'`]],
    ['frame-ancestors', [`'none'`]],
    ['form-action', [`'self'`]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The nonce a policy built by `buildCsp` allows, or undefined. */
export function nonceOf(csp: string): string | undefined {
  return /'nonce-([^']+)'/.exec(csp)?.[1];
}

/** Every page is rendered per request (app/layout.tsx), so the policy is enforced. */
export const CSP_RESPONSE_HEADER = 'Content-Security-Policy';

/** Headers every page carries besides the policy. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // A flow export or an SVG is never sniffed into HTML.
  'X-Content-Type-Options': 'nosniff',
  // Page URLs carry filters (namespaces, pod names): they stay out of Referer headers.
  'Referrer-Policy': 'no-referrer',
};
