import { createHash } from "node:crypto";

export type HostKey = { algorithm: string; fingerprint: string };

/**
 * Describes a raw SSH public key blob (RFC 4253 §6.6: string algorithm-name, then key data) the way
 * `ssh-keygen -l -E sha256` does: "SHA256:" + unpadded base64 of sha256(blob).
 */
export function describeHostKey(blob: Buffer): HostKey {
  return { algorithm: keyAlgorithm(blob), fingerprint: sha256Fingerprint(blob) };
}

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

function keyAlgorithm(blob: Buffer): string {
  if (blob.length < 4) return "unknown";
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return "unknown";
  return blob.subarray(4, 4 + length).toString("latin1");
}
