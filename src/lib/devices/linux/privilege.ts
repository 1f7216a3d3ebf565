import type { SshSession } from "./ssh-client";

export class NotPrivilegedError extends Error {
  override name = "NotPrivilegedError";
}

// Managing a gateway needs root (nft, ip rule, conntrack). A non-root login works when it may use `sudo -n`
// (no password prompt: there is no one to type it): every command is then run through sudo.
export async function asRoot(session: SshSession): Promise<SshSession> {
  const id = await session.exec(["id", "-u"], { timeoutMs: 5_000 });
  if (id.stdout.trim() === "0") return session;
  const sudo = await session.exec(["sudo", "-n", "true"], { timeoutMs: 5_000 });
  if (sudo.code !== 0) {
    throw new NotPrivilegedError(
      "the SSH user is not root and cannot run `sudo -n` (no password prompt is possible): log in as root, or allow sudo without a password for this user",
    );
  }
  return sudoSession(session);
}

/** Every command through `sudo -n`, for a login already known to be allowed it (asRoot found so). */
export function sudoSession(session: SshSession): SshSession {
  return { ...session, exec: (argv, options) => session.exec(["sudo", "-n", ...argv], options) };
}
