// `npm run cohort -- <command>`: host the workbook for a class (see `--help` and
// the README's "Self-hosting for a cohort"). The server is TypeScript in
// src/server/, run by Node's built-in type stripping (the pinned Node 24).
import { fileURLToPath } from 'node:url';
import { main } from '../src/server/cli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
main(process.argv.slice(2), root).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`cohort: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
