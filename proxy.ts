// Next.js request proxy (the file convention formerly called middleware): gives every page
// a strict Content-Security-Policy with a fresh nonce. Next.js reads the policy from the
// request headers while rendering and stamps the nonce on its own scripts; the browser
// gets the same policy on the response. See server/http/csp.ts for what it allows and why.
import { NextResponse, type NextRequest } from 'next/server';
import { CSP_RESPONSE_HEADER, SECURITY_HEADERS, buildCsp, createNonce } from '@/server/http/csp';

/** Whether every %-escape of the path decodes; Next.js answers 500 to one that does not. */
function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest): NextResponse {
  // A path such as /flows/%ff%fe fails Next.js's param decoding with a plain-text 500 before
  // any route runs; answer what it is, bad input, in the API's error shape.
  if (!decodablePath(request.nextUrl.pathname)) {
    return NextResponse.json(
      { error: 'the path has an invalid percent-encoding (not UTF-8)' },
      { status: 400, headers: { 'cache-control': 'no-store', ...SECURITY_HEADERS } },
    );
  }
  // nextUrl.pathname comes without the base path.
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
  const nonce = createNonce();
  const csp = buildCsp(nonce, { dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(CSP_RESPONSE_HEADER, csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Only for the bad-encoding check above: the one API route with a path parameter.
    '/api/flows/:id+',
    {
      // Pages only (Next.js prefixes the base path itself). JSON and event-stream routes,
      // health and metrics text, and build assets carry no markup to protect.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|healthz|readyz|metrics).*)',
      // Prefetches of next/link get no nonce: the page's real request brings its own.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
