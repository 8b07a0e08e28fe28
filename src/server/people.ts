/**
 * Cohorts and the people in them: creating a cohort, joining, signing in a
 * device, and the instructor's rename / remove / reset / rotate. Two roles
 * only, instructor and learner. Every function takes the database and plain
 * values; HTTP lives in app.ts.
 */
import type { Db } from './db.ts';
import type { Role } from './schema.ts';
import { hashSecret, newId, newSecret } from './tokens.ts';

export interface Person {
  readonly id: string;
  readonly cohortId: string;
  readonly cohortName: string;
  readonly role: Role;
  readonly displayName: string;
  readonly email: string | null;
  readonly epoch: number;
}

export interface CreatedCohort {
  readonly cohortId: string;
  readonly instructorId: string;
  /** Shown once: only hashes are stored. */
  readonly joinCode: string;
  readonly instructorSigninCode: string;
}

export async function createCohort(db: Db, name: string, instructorName = 'Instructor'): Promise<CreatedCohort> {
  const cohortId = newId();
  const instructorId = newId();
  const joinCode = newSecret();
  const instructorSigninCode = newSecret();
  const now = Date.now();
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .insertInto('cohorts')
      .values({ id: cohortId, name, join_hash: hashSecret(joinCode), created_at: now })
      .execute();
    await tx
      .insertInto('people')
      .values({
        id: instructorId,
        cohort_id: cohortId,
        role: 'instructor',
        display_name: instructorName,
        email: null,
        signin_hash: hashSecret(instructorSigninCode),
        created_at: now,
        removed_at: null,
      })
      .execute();
  });
  return { cohortId, instructorId, joinCode, instructorSigninCode };
}

async function issueDevice(db: Db, personId: string): Promise<string> {
  const token = newSecret();
  await db.kysely
    .insertInto('devices')
    .values({ token_hash: hashSecret(token), person_id: personId, created_at: Date.now() })
    .execute();
  return token;
}

/** A learner joins with the cohort's join code; undefined when the code is not (or no longer) valid. */
export async function join(
  db: Db,
  joinCode: string,
  displayName: string,
  email: string | null,
): Promise<{ person: Person; token: string; signinCode: string } | undefined> {
  const cohort = await db.kysely
    .selectFrom('cohorts')
    .select(['id', 'name'])
    .where('join_hash', '=', hashSecret(joinCode))
    .executeTakeFirst();
  if (!cohort) return undefined;
  const id = newId();
  const signinCode = newSecret();
  await db.kysely
    .insertInto('people')
    .values({
      id,
      cohort_id: cohort.id,
      role: 'learner',
      display_name: displayName,
      email,
      signin_hash: hashSecret(signinCode),
      created_at: Date.now(),
      removed_at: null,
    })
    .execute();
  const token = await issueDevice(db, id);
  const person: Person = {
    id,
    cohortId: cohort.id,
    cohortName: cohort.name,
    role: 'learner',
    displayName,
    email,
    epoch: 0,
  };
  return { person, token, signinCode };
}

const personColumns = [
  'people.id',
  'people.cohort_id',
  'cohorts.name as cohort_name',
  'people.role',
  'people.display_name',
  'people.email',
  'people.epoch',
] as const;

type PersonRow = {
  id: string;
  cohort_id: string;
  cohort_name: string;
  role: Role;
  display_name: string;
  email: string | null;
  epoch: number;
};

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  cohortId: r.cohort_id,
  cohortName: r.cohort_name,
  role: r.role,
  displayName: r.display_name,
  email: r.email,
  epoch: r.epoch,
});

/** A personal sign-in code gives this device its own token. */
export async function signIn(db: Db, code: string): Promise<{ person: Person; token: string } | undefined> {
  const row = await db.kysely
    .selectFrom('people')
    .innerJoin('cohorts', 'cohorts.id', 'people.cohort_id')
    .select(personColumns)
    .where('people.signin_hash', '=', hashSecret(code))
    .where('people.removed_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return { person: toPerson(row), token: await issueDevice(db, row.id) };
}

/** The person a bearer token belongs to (removed people have no devices left). */
export async function authenticate(db: Db, token: string): Promise<Person | undefined> {
  const row = await db.kysely
    .selectFrom('devices')
    .innerJoin('people', 'people.id', 'devices.person_id')
    .innerJoin('cohorts', 'cohorts.id', 'people.cohort_id')
    .select(personColumns)
    .where('devices.token_hash', '=', hashSecret(token))
    .where('people.removed_at', 'is', null)
    .executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function signOutDevice(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('devices').where('token_hash', '=', hashSecret(token)).execute();
}

/** A learner of the instructor's cohort, or undefined (another cohort's learner is as good as missing). */
async function learnerOf(db: Db, cohortId: string, learnerId: string) {
  return db.kysely
    .selectFrom('people')
    .select(['id'])
    .where('id', '=', learnerId)
    .where('cohort_id', '=', cohortId)
    .where('role', '=', 'learner')
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function rename(db: Db, cohortId: string, learnerId: string, displayName: string): Promise<boolean> {
  if (!(await learnerOf(db, cohortId, learnerId))) return false;
  await db.kysely.updateTable('people').set({ display_name: displayName }).where('id', '=', learnerId).execute();
  return true;
}

/**
 * Removes a learner: their devices are signed out and they leave the roster.
 * Their progress row stays (an instructor may need it for a grade dispute) but
 * nothing can read or write it through the API any more.
 */
export async function remove(db: Db, cohortId: string, learnerId: string): Promise<boolean> {
  if (!(await learnerOf(db, cohortId, learnerId))) return false;
  await db.kysely.transaction().execute(async (tx) => {
    await tx.updateTable('people').set({ removed_at: Date.now() }).where('id', '=', learnerId).execute();
    await tx.deleteFrom('devices').where('person_id', '=', learnerId).execute();
  });
  return true;
}

/**
 * Resets a learner's progress (and their server-scored quiz attempts) and bumps their epoch: their
 * devices learn of it on the next sync and start from empty, keeping their old
 * local copy aside (see src/server/client/sync-client.ts), never deleted.
 */
export async function reset(db: Db, cohortId: string, learnerId: string): Promise<boolean> {
  if (!(await learnerOf(db, cohortId, learnerId))) return false;
  await db.kysely.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('people').select('epoch').where('id', '=', learnerId).executeTakeFirstOrThrow();
    await tx
      .updateTable('people')
      .set({ epoch: p.epoch + 1 })
      .where('id', '=', learnerId)
      .execute();
    await tx.deleteFrom('progress').where('person_id', '=', learnerId).execute();
    await tx.deleteFrom('applied_updates').where('person_id', '=', learnerId).execute();
    // The verified quiz attempts go too: a reset learner starts the quizzes again with two attempts.
    await tx.deleteFrom('quiz_attempts').where('person_id', '=', learnerId).execute();
    // Exercise submissions (and their verified verdicts) go with the progress they belong to.
    await tx.deleteFrom('submissions').where('person_id', '=', learnerId).execute();
  });
  return true;
}

/** A new personal sign-in code for a learner who lost theirs (the old one stops working). */
export async function newSigninCode(db: Db, cohortId: string, learnerId: string): Promise<string | undefined> {
  if (!(await learnerOf(db, cohortId, learnerId))) return undefined;
  const code = newSecret();
  await db.kysely
    .updateTable('people')
    .set({ signin_hash: hashSecret(code) })
    .where('id', '=', learnerId)
    .execute();
  return code;
}

/** Replaces the join code; links with the old one stop working. */
export async function rotateJoinCode(db: Db, cohortId: string): Promise<string> {
  const code = newSecret();
  await db.kysely
    .updateTable('cohorts')
    .set({ join_hash: hashSecret(code) })
    .where('id', '=', cohortId)
    .execute();
  return code;
}
