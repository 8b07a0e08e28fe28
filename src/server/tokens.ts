/**
 * Secrets: device tokens, join codes and sign-in codes. Each is 32 random
 * bytes (base64url); only its SHA-256 is stored, so a leaked database or
 * backup does not let anyone sign in. A plain hash suffices (no bcrypt):
 * the secrets are random and long, not guessable passwords.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const newId = (): string => randomUUID();
/** What a secret looks like; anything else is refused before touching the database. */
export const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;
