/**
 * Schema migrations, one ordered list for both databases. Kysely's schema
 * builder writes the dialect's SQL, so SQLite and PostgreSQL get the same
 * tables from the same code. Add a new entry at the end; never edit a shipped one.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS: Record<string, Migration> = {
  '0001-cohorts-people-progress': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cohorts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('join_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('instructor', 'learner')`))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('signin_hash', 'text', (c) => c.notNull().unique())
        .addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('removed_at', 'bigint')
        .execute();
      await db.schema.createIndex('people_cohort').on('people').column('cohort_id').execute();
      await db.schema
        .createTable('devices')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('devices_person').on('devices').column('person_id').execute();
      await db.schema
        .createTable('progress')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('applied_updates')
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('applied_updates_pk', ['person_id', 'update_id'])
        .execute();
    },
  },
  '0002-quiz-attempts': {
    // Quiz attempts the server assigned and scored (cohort mode): the verified grades.
    // One row per attempt; submitted_at stays null while the attempt is open.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('quiz_attempts')
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('chapter', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('variant', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint')
        .addColumn('score', 'integer')
        .addColumn('max', 'integer')
        .addColumn('responses', 'text')
        .addPrimaryKeyConstraint('quiz_attempts_pk', ['person_id', 'chapter', 'attempt'])
        .execute();
    },
  },
  '0003-submissions': {
    async up(db: Kysely<unknown>) {
      // Exercise submissions and the verdict the server's own grading gave them (src/server/submissions.ts).
      await db.schema
        .createTable('submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('exercise', 'text', (c) => c.notNull())
        .addColumn('grader', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'verified')`))
        .addColumn('passed', 'integer')
        .addColumn('verdict', 'text')
        .addColumn('verified_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('submissions_person_exercise')
        .on('submissions')
        .columns(['person_id', 'exercise', 'submitted_at'])
        .execute();
      await db.schema.createIndex('submissions_status').on('submissions').column('status').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema up to date. Safe to call from several server processes at
 * once: Kysely takes a lock (an advisory lock on PostgreSQL) around the run.
 */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
