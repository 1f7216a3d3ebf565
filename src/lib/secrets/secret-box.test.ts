import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal, SecretBoxError } from "./secret-box";

const key = randomBytes(32);

describe("[secrets] AES-256-GCM secret box", () => {
  it("round-trips and never shows the plaintext", () => {
    const sealed = seal("router password ✓", key, "device:a");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("router");
    expect(open(sealed, key, "device:a")).toBe("router password ✓");
  });

  it("uses a fresh nonce every time", () => {
    expect(seal("same", key, "x")).not.toBe(seal("same", key, "x"));
  });

  it("refuses a blob moved to another row, a wrong key, or a flipped bit", () => {
    const sealed = seal("secret", key, "device:a");
    expect(() => open(sealed, key, "device:b")).toThrow(SecretBoxError);
    expect(() => open(sealed, randomBytes(32), "device:a")).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => open(`v1:${raw.toString("base64")}`, key, "device:a")).toThrow(SecretBoxError);
    expect(() => open("v0:abc", key, "device:a")).toThrow(/unknown sealed secret format/);
  });
});
