import "server-only";

import type { ConnectionCheck, ConnectionOptions, RouterOsTarget } from "@/lib/devices/driver";

import { connect, type RouterOsClient } from "./api-client";
import { toConnectionFailure } from "./failure";
import { toDeviceIdentity } from "./transform";

const remaining = (deadline: number): number => Math.max(1, deadline - Date.now());

export const checkRouterConnection = async (target: RouterOsTarget, { timeoutMs }: ConnectionOptions): Promise<ConnectionCheck> => {
  const where = `${target.host}:${target.port}`;
  const deadline = Date.now() + timeoutMs;
  let client: RouterOsClient | undefined;
  try {
    client = await connect({
      host: target.host,
      port: target.port,
      transport: target.transport,
      username: target.username,
      password: target.password,
      connectTimeoutMs: timeoutMs,
      commandTimeoutMs: timeoutMs,
    });
    const [identity, resource] = await Promise.all([
      client.command(["/system/identity/print"], { timeoutMs: remaining(deadline) }),
      client.command(["/system/resource/print"], { timeoutMs: remaining(deadline) }),
    ]);

    return { status: "reachable", ...toDeviceIdentity(identity.rows, resource.rows) };
  } catch (error) {
    const failure = toConnectionFailure(error, where);
    if (!failure) throw error;

    return failure;
  } finally {
    await client?.close();
  }
};
