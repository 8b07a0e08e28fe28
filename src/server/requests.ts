/**
 * The shapes of every request body, as zod schemas (zod is already the
 * project's schema library). The progress document inside a sync push is
 * checked twice: its envelope here, its content with the workbook's own
 * defensive parser (see app.ts), so a payload the browser would not accept
 * is refused whole rather than half-applied.
 */
import { z } from 'zod';

const secret = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a valid code');
const name = z
  .string()
  .trim()
  .min(1, 'a display name is needed')
  .max(80, 'a display name has at most 80 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a display name cannot contain control characters');

export const joinBody = z.strictObject({
  code: secret,
  displayName: name,
  email: z.union([z.literal(''), z.email().max(200)]).optional(),
});

export const signinBody = z.strictObject({ code: secret });

export const syncBody = z.strictObject({
  updateId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'updateId: 8 to 64 letters, digits or dashes'),
  epoch: z.number().int().min(0),
  progress: z.record(z.string(), z.unknown()),
});

export const renameBody = z.strictObject({ displayName: name });

export const emptyBody = z.strictObject({});

/** The largest body accepted: a full progress document (about 4 MB at most) plus its envelope. */
export const MAX_BODY_BYTES = 4_200_000;
/** Bodies of endpoints that carry no progress. */
export const SMALL_BODY_BYTES = 4_096;

/** A short, readable message for a failed parse (first three issues). */
export function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
