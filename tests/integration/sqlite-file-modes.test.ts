// The SQLite database (password hashes, session digests, CSRF tokens) and its data directory are the service
// user's alone: 0600 and 0700 from the first start, the -wal and -shm files too, and an older 0644 file is
// tightened at the next start.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe("SQLite file modes", () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "waymark-modes-"));
    umask = process.umask(0o022); // the usual default, under which SQLite and mkdir give 0644 and 0755
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it("a first start creates the data directory 0700 and the database, -wal and -shm files 0600", async () => {
    const dataDir = path.join(root, "var", "waymark");
    const file = path.join(dataDir, "waymark.db");
    await migrate(`file:${file}`);
    const db = createDb(`file:${file}`);
    try {
      await db.user.create({ data: { id: "u1", username: "someone", passwordHash: "x", role: "viewer" } });
      expect(mode(dataDir)).toBe("700");
      expect(mode(path.dirname(dataDir))).toBe("700");
      expect(mode(file)).toBe("600");
      expect(mode(`${file}-wal`)).toBe("600");
      expect(mode(`${file}-shm`)).toBe("600");
    } finally {
      await db.$disconnect();
    }
  });

  it("an existing world-readable database is tightened to 0600; an existing directory is left as it is", async () => {
    const file = path.join(root, "old.db");
    chmodSync(root, 0o755);
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    await migrate(`file:${file}`);
    expect(mode(file)).toBe("600");
    expect(mode(root)).toBe("755");
  });
});
