import "server-only";
import type { ConnectionCheck, ConnectionFailure, ConnectionOptions, LinuxTarget } from "@/lib/devices/driver";
import { IDENTITY_COMMAND, parseIdentityOutput } from "./parse";
import { connectSsh, type SshSession } from "./ssh-client";
import { HostKeyMismatchError, SshError } from "./ssh-errors";

export async function checkLinuxConnection(target: LinuxTarget, options: ConnectionOptions): Promise<ConnectionCheck> {
  const deadline = Date.now() + options.timeoutMs;
  let session: SshSession | null = null;
  try {
    session = await connectSsh({
      host: target.host,
      port: target.port,
      username: target.username,
      auth: target.auth,
      pinnedHostKey: target.pinnedHostKey,
      timeoutMs: options.timeoutMs,
    });
    const result = await session.exec(IDENTITY_COMMAND, { timeoutMs: Math.max(1, deadline - Date.now()) });
    if (result.code !== 0) {
      return { status: "protocol_error", message: `Reading the device identity failed (exit ${result.code ?? result.signal})` };
    }
    const parsed = parseIdentityOutput(result.stdout);
    if (!parsed.ok) return { status: "protocol_error", message: parsed.reason };
    return { status: "reachable", ...parsed.value, hostKey: session.hostKey };
  } catch (error) {
    return toFailure(error);
  } finally {
    session?.close();
  }
}

function toFailure(error: unknown): ConnectionFailure {
  if (error instanceof HostKeyMismatchError) {
    return { status: "host_key_mismatch", message: error.message, presented: error.presented };
  }
  if (error instanceof SshError && error.kind !== "host_key_mismatch") return { status: error.kind, message: error.message };
  // A bug on our side, not a device failure; the message stays generic so nothing sensitive leaks.
  return { status: "protocol_error", message: "Unexpected error while talking to the device" };
}
