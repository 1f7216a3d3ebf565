import "server-only";
import { createHash, randomBytes } from "node:crypto";

// Opaque secrets (session cookies, API tokens, CSRF tokens): 32 random bytes, base64url. Only SHA-256 digests
// are stored, so a copy of the database yields nothing that authenticates.
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newId(): string {
  return randomBytes(12).toString("base64url");
}

export const API_TOKEN_PREFIX = "wmk_";

export function newApiToken(): { token: string; displayPrefix: string } {
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  return { token, displayPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}
