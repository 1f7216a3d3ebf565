import "server-only";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";

// The SQLite file holds password hashes, session digests and CSRF tokens, so only the service's own user may read
// it or list its directory. Creating the file ourselves (owner-only) before SQLite opens it also sets the mode of
// its -wal and -shm files: SQLite gives those the database file's permissions. Files left by an older version
// are tightened; a directory that already exists is left alone (it may be shared, like /tmp).
export function prepareSqliteFile(file: string): void {
  if (file === ":memory:" || file === "") return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  for (const each of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    // The path is the configured database file, known only at run time: not a file for the build to trace.
    if (existsSync(/* turbopackIgnore: true */ each) && (statSync(/* turbopackIgnore: true */ each).mode & 0o077) !== 0) chmodSync(each, 0o600);
  }
}
