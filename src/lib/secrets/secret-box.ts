import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM with a random 96-bit nonce per message. Format: "v1:" + base64(nonce | tag | ciphertext).
// The version prefix leaves room for key rotation without guessing at old rows.
const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

export function seal(plaintext: string, key: Buffer, associatedData: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function open(sealed: string, key: Buffer, associatedData: string): string {
  const [version, payload] = sealed.split(":");
  if (version !== VERSION || !payload) throw new SecretBoxError("unknown sealed secret format");
  const raw = Buffer.from(payload, "base64");
  const nonce = raw.subarray(0, NONCE_BYTES);
  const tag = raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("sealed secret failed authentication (wrong key, or the row was tampered with)");
  }
}
