/**
 * The load scenario shared by test/server/load.test.ts and `npm run bench`:
 * N simulated learners (each with one or two devices) join over loopback and
 * push their progress concurrently, round after round, each round adding one
 * notebook cell and now and then retrying a push with the same update id (as
 * after a lost answer). Afterwards every learner's stored progress must hold
 * every cell pushed (none lost) and its revision must equal the number of
 * distinct updates (none applied twice).
 */
export interface LoadOptions {
  /** Server base URLs; device d of a learner talks to urls[d % urls.length]. */
  readonly urls: readonly string[];
  readonly joinCode: string;
  readonly learners: number;
  readonly devices: 1 | 2;
  readonly rounds: number;
  /** Every n-th round is pushed twice with the same update id. */
  readonly retryEvery?: number;
  /** Each device waits a random 0..thinkMs between pushes (a learner working, not a tight loop). */
  readonly thinkMs?: number;
}

export interface LoadResult {
  readonly pushes: number;
  readonly retries: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** Cells acknowledged but missing afterwards. */
  readonly lost: number;
  /** Updates applied more than once (revision above the number of distinct updates). */
  readonly duplicated: number;
  /** Pushes answered with anything but 200. */
  readonly failed: number;
}

const T0 = 1_790_000_000_000;

async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function inBatches<T>(items: readonly T[], size: number, f: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(f));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const retryEvery = o.retryEvery ?? 3;
  const learners: { tokens: string[] }[] = [];
  await inBatches([...Array(o.learners).keys()], 50, async (i) => {
    const j = await postJson(`${o.urls[0]}api/join`, { code: o.joinCode, displayName: `Learner ${i}` });
    if (j.status !== 201) throw new Error(`join failed: ${j.status} ${JSON.stringify(j.body)}`);
    const tokens = [String(j.body.token)];
    if (o.devices === 2) {
      const s = await postJson(`${o.urls[1 % o.urls.length]}api/signin`, { code: j.body.signinCode });
      tokens.push(String(s.body.token));
    }
    learners[i] = { tokens };
  });

  const latencies: number[] = [];
  let failed = 0;
  let retries = 0;
  const started = performance.now();
  await Promise.all(
    learners.flatMap((learner, i) =>
      learner.tokens.map(async (token, d) => {
        const url = `${o.urls[d % o.urls.length]}api/sync`;
        const cells: Record<string, { code: string; savedAt: number }> = {};
        for (let r = 0; r < o.rounds; r++) {
          cells[`d${d}-r${r}`] = { code: `learner ${i} device ${d} round ${r}`, savedAt: T0 + r };
          const body = {
            updateId: `l${i}-d${d}-r${r}-load`,
            epoch: 0,
            progress: { version: 1, learnerSeed: i, chapters: {}, exercises: {}, cells },
          };
          const times = r % retryEvery === 0 ? 2 : 1;
          await new Promise((r) => setTimeout(r, Math.random() * (o.thinkMs ?? 0)));
          for (let k = 0; k < times; k++) {
            if (k > 0) retries++;
            const t = performance.now();
            let a;
            // A real client retries a push that got no answer, with the same update id.
            for (let attempt = 0; ; attempt++) {
              try {
                a = await postJson(url, body, token);
                break;
              } catch (e) {
                if (attempt >= 3) throw e;
                retries++;
              }
            }
            latencies.push(performance.now() - t);
            if (a.status !== 200) failed++;
          }
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;

  let lost = 0;
  let duplicated = 0;
  const expected = o.devices * o.rounds;
  await inBatches(learners, 50, async (learner) => {
    const r = await fetch(`${o.urls[0]}api/progress`, { headers: { Authorization: `Bearer ${learner.tokens[0]}` } });
    const s = (await r.json()) as { revision: number; progress: { cells: Record<string, unknown> } };
    const have = Object.keys(s.progress.cells).length;
    lost += Math.max(0, expected - have);
    duplicated += Math.max(0, s.revision - expected);
  });
  latencies.sort((a, b) => a - b);
  return {
    pushes: latencies.length,
    retries,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost,
    duplicated,
    failed,
  };
}
