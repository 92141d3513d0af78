/**
 * Prints the path of a new temporary folder holding an empty, migrated hub
 * database (pglite-dir.ts): for tests that start the hub as a process and
 * cannot load its ES modules themselves (the browser tests).
 */
import { freshPgliteDir } from './pglite-dir';

freshPgliteDir().then(
  (dir) => console.log(dir),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
