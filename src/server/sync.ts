/**
 * Progress sync on the server: a device pushes its whole progress document
 * with an update id; the server merges it into the stored one with the
 * workbook's own best-of-both merge (src/progress/merge.ts) and answers with
 * the merged document, which the device merges back into its local copy.
 *
 * Why whole documents rather than a log of edits: the merge is commutative,
 * associative and idempotent, so retries, reordering and two devices racing
 * all converge, and nothing a device achieved can be lost by a conflict.
 * The update id makes a retried push count once (applied_updates), so the
 * revision and the audit trail are exact.
 */
import { mergeProgress } from '../progress/merge.ts';
import { LIMITS, emptyProgress, type ProgressData } from '../progress/schema.ts';
import { parseProgress, serializeProgress } from '../progress/parse.ts';
import type { Db } from './db.ts';
import type { Person } from './people.ts';

export interface SyncState {
  readonly revision: number;
  readonly epoch: number;
  readonly progress: ProgressData;
}

export type PushResult =
  | ({ readonly ok: true; readonly duplicate: boolean } & SyncState)
  /** The instructor reset this learner: the device must start again from `progress`. */
  | ({ readonly ok: false; readonly reason: 'epoch' } & SyncState)
  /** The merged document would be larger than a browser keeps: refused, nothing stored. */
  | ({ readonly ok: false; readonly reason: 'too-large' } & SyncState);

const readDoc = (text: string | undefined): ProgressData =>
  text === undefined ? emptyProgress(0) : parseProgress(text, { newSeed: () => 0 }).data;

const totalCellChars = (d: ProgressData): number => Object.values(d.cells).reduce((n, c) => n + c.code.length, 0);

export async function pull(db: Db, person: Person): Promise<SyncState> {
  const row = await db.kysely
    .selectFrom('progress')
    .select(['doc', 'revision'])
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  return { revision: row?.revision ?? 0, epoch: person.epoch, progress: readDoc(row?.doc) };
}

/** Reads a person's stored progress (instructor views). */
export async function progressOf(db: Db, personId: string): Promise<ProgressData> {
  const row = await db.kysely.selectFrom('progress').select('doc').where('person_id', '=', personId).executeTakeFirst();
  return readDoc(row?.doc);
}

export async function push(
  db: Db,
  person: Person,
  input: { updateId: string; epoch: number; progress: ProgressData },
): Promise<PushResult> {
  const now = Date.now();
  return db.kysely.transaction().execute(async (tx) => {
    // Lock the person row first, in its own statement: that serialises concurrent pushes of
    // one learner across server processes on PostgreSQL (SQLite serialises all writes anyway).
    // The progress row must be read by a LATER statement: under READ COMMITTED a statement
    // that waited for the lock still reads the other tables from its older snapshot, and
    // reading progress in the same statement lost updates under load (test/server/load.test.ts).
    let lock = tx.selectFrom('people').select('epoch').where('id', '=', person.id);
    if (db.kind === 'postgres') lock = lock.forUpdate();
    const { epoch } = await lock.executeTakeFirstOrThrow();
    const row = (await tx
      .selectFrom('progress')
      .select(['doc', 'revision'])
      .where('person_id', '=', person.id)
      .executeTakeFirst()) ?? { doc: null, revision: 0 };
    const stored = readDoc(row.doc ?? undefined);
    const revision = row.revision;
    if (input.epoch !== epoch) return { ok: false, reason: 'epoch', revision, epoch, progress: stored };
    const merged = row.doc !== null ? mergeProgress(stored, input.progress) : input.progress;
    const doc = serializeProgress(merged);
    if (doc.length > LIMITS.rawChars || totalCellChars(merged) > LIMITS.cellsTotalChars)
      return { ok: false, reason: 'too-large', revision, epoch, progress: stored };
    const next = revision + 1;
    // Claim the update id; if it was already applied, nothing else is written.
    const claimed = await tx
      .insertInto('applied_updates')
      .values({ person_id: person.id, update_id: input.updateId, revision: next, at: now })
      .onConflict((oc) => oc.columns(['person_id', 'update_id']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0)
      return { ok: true, duplicate: true, revision, epoch, progress: stored };
    await tx
      .insertInto('progress')
      .values({ person_id: person.id, doc, revision: next, updated_at: now })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ doc, revision: next, updated_at: now }))
      .execute();
    return { ok: true, duplicate: false, revision: next, epoch, progress: merged };
  });
}
