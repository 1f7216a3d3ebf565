import { describe, expect, it } from "vitest";
import { describeHostKey, sha256Fingerprint } from "./host-key";

// Public keys and fingerprints as printed by OpenSSH 9.2 (`cat key.pub`, `ssh-keygen -l -E sha256 -f key.pub`).
const ED25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIIrb3pqoGQXruFGP73lJdWMAcJvlsVtw2czgW+RoqYOo";
const ED25519_FP = "SHA256:7izl0bphskbtU2R1sFTT4U12T6X54bVE1pSCdqI//ac";
const ECDSA = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJmVZkrBRCaN3vhNBVJNZvXH9huGNpYrSqvJJ7kAUoO9IYAmCFA7cQfhK6WBYuj+G0OwQQh+imImAc5AydMqe/w=";
const ECDSA_FP = "SHA256:wRI5ee/v1pFNxA8YCqKNyb4IhNnKGOIxQ96HCQl11hM";

describe("describeHostKey", () => {
  it("matches ssh-keygen for ed25519", () => {
    expect(describeHostKey(Buffer.from(ED25519, "base64"))).toEqual({ algorithm: "ssh-ed25519", fingerprint: ED25519_FP });
  });

  it("matches ssh-keygen for ecdsa and strips base64 padding", () => {
    expect(describeHostKey(Buffer.from(ECDSA, "base64"))).toEqual({ algorithm: "ecdsa-sha2-nistp256", fingerprint: ECDSA_FP });
  });

  it("reports unknown for a malformed blob but still fingerprints it", () => {
    const blob = Buffer.from([0xff, 0xff, 0xff, 0xff, 1]);
    expect(describeHostKey(blob)).toEqual({ algorithm: "unknown", fingerprint: sha256Fingerprint(blob) });
  });
});
