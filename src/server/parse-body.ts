/**
 * Reading a request's JSON body, for every API route (app.ts, quiz-routes.ts,
 * submissions-routes.ts): a body that is not JSON, or not the shape the route
 * takes, is answered 400 with `{ error }` in plain words before the handler
 * does anything.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { describe } from './requests.ts';

/** The body parsed as JSON (wrapped, so any JSON value can come back), or the 400 to answer. */
export async function readJson(c: Context): Promise<{ readonly value: unknown } | Response> {
  try {
    return { value: await c.req.json() };
  } catch {
    return c.json({ error: 'the body is not valid JSON' }, 400);
  }
}

/** The body parsed with a schema, or the 400 that names what is wrong. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  const json = await readJson(c);
  if (json instanceof Response) return json;
  const r = schema.safeParse(json.value);
  if (!r.success) return c.json({ error: describe(r.error) }, 400);
  return r.data as z.infer<S>;
}
