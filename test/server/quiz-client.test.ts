/**
 * The Quiz island's cohort client (src/components/quiz/cohort-api.ts) with a
 * fake fetch: the requests it sends (bearer token, the body holds only the
 * attempt and responses), and a plain sentence for every kind of failure so
 * the island can show it and keep the draft.
 */
import { describe, expect, it } from 'vitest';
import { quizApi } from '../../src/components/quiz/cohort-api.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: (call: Call) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const call = { url: String(url), init };
    calls.push(call);
    return answer(call);
  }) as unknown as typeof fetch;
  return { fetch: f, calls };
}
const reply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the cohort quiz client', () => {
  it('sends the token and only the attempt and responses', async () => {
    const f = fakeFetch(() => reply(200, { review: { attempt: 1, score: 10 } }));
    const api = quizApi('/courses/x/', 'tok-123', 'one-database', f.fetch);
    const r = await api.submit(1, { q1: 'b', q2: [] });
    expect(r).toEqual({ ok: true, value: { attempt: 1, score: 10 } });
    const call = f.calls[0] as Call;
    expect(call.url).toBe('/courses/x/api/quiz/one-database/submit');
    expect(call.init.method).toBe('POST');
    expect((call.init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(JSON.parse(String(call.init.body))).toEqual({ attempt: 1, responses: { q1: 'b', q2: [] } });
  });

  it('turns every failure into a sentence the island can show', async () => {
    const cases: [() => Response | Promise<Response>, number, RegExp][] = [
      [() => Promise.reject(new TypeError('Failed to fetch')), 0, /cannot be reached/],
      [() => reply(500, { error: 'the server failed; nothing was changed, try again' }), 500, /server failed \(500\)/],
      [() => new Response('<html>bad gateway</html>', { status: 502 }), 502, /server failed \(502\)/],
      [() => reply(409, { error: 'attempt 1 was already submitted' }), 409, /^attempt 1 was already submitted$/],
      [() => reply(401, { error: 'sign in first' }), 401, /no longer signed in/],
    ];
    for (const [answer, status, message] of cases) {
      const api = quizApi('/', 'tok', 'one-database', fakeFetch(answer).fetch);
      for (const r of [await api.state(), await api.start(), await api.submit(1, {})]) {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.status).toBe(status);
          expect(r.message).toMatch(message);
        }
      }
    }
  });
});
