/**
 * Security headers and the CSRF rule.
 *
 * CSRF: the API authenticates with a bearer token in the Authorization header,
 * never a cookie, so a page on another site cannot make the browser send the
 * learner's credentials. On top, every state-changing request must be JSON
 * (a cross-site HTML form cannot send `application/json` without a CORS
 * preflight, which this server never grants) and, when the browser says where
 * it comes from (`Origin`), come from this server's own origin.
 */
import type { MiddlewareHandler } from 'hono';

/** The page policy of README.md ("Headers a host should send"), the same for the server's own pages. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";
/** The runner worker's own policy: learner code may not open any connection. */
export const RUNNER_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'";
/** API answers are data, never documents. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('X-Frame-Options', 'DENY');
    if (h.has('Content-Security-Policy')) return;
    const type = h.get('Content-Type') ?? '';
    if (/^\/(.*\/)?_astro\/worker-[\w-]+\.js$/.test(c.req.path)) h.set('Content-Security-Policy', RUNNER_WORKER_CSP);
    else if (type.startsWith('text/html')) h.set('Content-Security-Policy', PAGE_CSP);
    else if (type.startsWith('application/json')) h.set('Content-Security-Policy', API_CSP);
  };
}

/** Refuses state-changing requests that are not same-origin JSON. */
export function csrfGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const origin = c.req.header('Origin');
    if (origin !== undefined && origin !== 'null') {
      const host = c.req.header('Host');
      let ok = false;
      try {
        ok = new URL(origin).host === host;
      } catch {
        ok = false;
      }
      if (!ok) return c.json({ error: 'cross-origin requests are refused' }, 403);
    } else if (origin === 'null') {
      return c.json({ error: 'cross-origin requests are refused' }, 403);
    }
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type))
      return c.json({ error: 'send the body as JSON (Content-Type: application/json)' }, 415);
    return next();
  };
}
