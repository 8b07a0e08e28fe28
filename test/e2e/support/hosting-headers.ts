/**
 * The response headers the README's hosting section tells a host to send,
 * as data: the hosting test applies them in the browser and checks that the
 * site still works under them. Keep the README and this file in step.
 */

/** For every HTML page. */
export const PAGE_CSP = [
  "default-src 'self'",
  // Astro's island loader and the theme switch are small inline scripts; Pagefind's search runs WebAssembly
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * For the runner worker's script (`/_astro/worker-<hash>.js`): a dedicated
 * worker is governed by the policy sent with its own script. SES evaluates
 * learner code with `eval`, hence 'unsafe-eval'; `connect-src 'none'` means
 * nothing in that worker can open a network connection.
 */
export const RUNNER_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'";

/** Path of the runner worker's script in dist/ (Vite names it after src/runner/worker.ts). */
export const RUNNER_WORKER_PATH = /^\/_astro\/worker-[\w-]+\.js$/;

export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
