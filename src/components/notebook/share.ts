/**
 * Share links: `#cell=<id>:<base64url of the UTF-8 code>` prefills one cell's
 * editor with code. It never runs it: the learner sees a notice and presses Run.
 */
export function encodeShareHash(cellId: string, code: string): string {
  const bytes = new TextEncoder().encode(code);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `#cell=${encodeURIComponent(cellId)}:${b64}`;
}

/** The shared code for `cellId` in `hash`, or null. Never throws. */
export function decodeShareHash(hash: string, cellId: string): string | null {
  const m = /^#cell=([^:]+):([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return null;
  try {
    if (decodeURIComponent(m[1] as string) !== cellId) return null;
    const b64 = (m[2] as string).replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return code.length <= 200_000 ? code : null;
  } catch {
    return null;
  }
}
