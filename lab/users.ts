import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, tryRun } from "./exec";
import { STATE_DIR, withLock } from "./state";

export const LAB_USER = "wmlab";
const PASSWORD_FILE = join(STATE_DIR, `${LAB_USER}.password`);

export type LabUser = { username: string; password: string };

export type ClientKeys = {
  /** Unencrypted ed25519, OpenSSH format. */
  privateKey: string;
  /** RSA, OpenSSH format, encrypted with `passphrase`. */
  encryptedKey: string;
  passphrase: string;
  authorizedKeys: string;
};

/**
 * Creates the shared lab login once per boot. The random password is kept root-only in /run so parallel
 * lab runs agree on it instead of overwriting each other's with chpasswd.
 */
export async function ensureLabUser(): Promise<LabUser> {
  return withLock("user", async () => {
    if (!(await tryRun(["id", "-u", LAB_USER]))) {
      await run([
        "useradd",
        "--system",
        "--create-home",
        "--home-dir",
        `/var/lib/${LAB_USER}`,
        "--shell",
        "/bin/sh",
        "--comment",
        "Waymark lab test user",
        LAB_USER,
      ]);
    }
    if (!existsSync(PASSWORD_FILE)) {
      const password = randomSecret();
      await run(["chpasswd"], { input: `${LAB_USER}:${password}\n` });
      writeFileSync(PASSWORD_FILE, password, { mode: 0o600 });
    }
    return { username: LAB_USER, password: readFileSync(PASSWORD_FILE, "utf8") };
  });
}

export async function generateClientKeys(dir: string): Promise<ClientKeys> {
  const plain = join(dir, "id_ed25519");
  const encrypted = join(dir, "id_rsa_encrypted");
  const passphrase = randomSecret();
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "wmlab-plain", "-f", plain]);
  await run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", passphrase, "-C", "wmlab-encrypted", "-f", encrypted]);
  const authorizedKeys = `${[plain, encrypted].map((key) => readFileSync(`${key}.pub`, "utf8").trim()).join("\n")}\n`;
  return {
    privateKey: readFileSync(plain, "utf8"),
    encryptedKey: readFileSync(encrypted, "utf8"),
    passphrase,
    authorizedKeys,
  };
}

function randomSecret(): string {
  return randomBytes(18).toString("base64url");
}
