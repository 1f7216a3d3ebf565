import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

const KEY_BYTES = 32;
let cached: Buffer | undefined;

/** The key that seals device credentials: WAYMARK_SECRET_KEY, else a 0600 key file created on first run. */
export function masterKey(): Buffer {
  if (cached) return cached;
  const { WAYMARK_SECRET_KEY, secretKeyFile } = env();
  cached = WAYMARK_SECRET_KEY ? decodeKey(WAYMARK_SECRET_KEY, "WAYMARK_SECRET_KEY") : loadOrCreateKeyFile(secretKeyFile);
  return cached;
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${source} must be ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

function loadOrCreateKeyFile(file: string): Buffer {
  if (existsSync(file)) {
    // A world-readable key would defeat encryption at rest; tighten it rather than refuse to start.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return decodeKey(readFileSync(file, "utf8"), file);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    // Another process (the migrate step, a second worker) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return decodeKey(readFileSync(file, "utf8"), file);
    throw error;
  }
}

export function resetMasterKeyForTests(): void {
  cached = undefined;
}
