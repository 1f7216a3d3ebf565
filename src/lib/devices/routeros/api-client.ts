import "server-only";

import type tls from "node:tls";

import { RouterOsConnection, type RouterOsClient, type WireMeter } from "./connection";
import { login } from "./login";
import { openSocket, type RouterOsTransport } from "./socket";

export type { CommandOptions, RouterOsClient, RouterOsResult, RouterOsStream, RouterOsStreamEnd, WireMeter } from "./connection";
export type { RouterOsRow } from "./reply";
export type { RouterOsTransport } from "./socket";
export * from "./errors";
export { parseBoolean, parseCounter } from "./values";

export type RouterOsConnectOptions = {
  host: string;
  port: number;
  transport: RouterOsTransport;
  username: string;
  password: string;
  /** Budget for TCP connect + TLS handshake + login together. */
  connectTimeoutMs?: number;
  /** Default per-command timeout; a command can override it. */
  commandTimeoutMs?: number;
  /** Extra options for transport "tls" (a private CA, for instance). */
  tls?: tls.ConnectionOptions;
  /** Counts the session's sentences and bytes, login included (the monitor's cost of a kept session). */
  meter?: WireMeter;
};

const DEFAULT_TIMEOUT_MS = 10_000;

/** Opens a session and logs in (plain login, falling back to the pre-6.43 challenge). */
export const connect = async (options: RouterOsConnectOptions): Promise<RouterOsClient> => {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + connectTimeoutMs;
  const socket = await openSocket({
    host: options.host,
    port: options.port,
    transport: options.transport,
    timeoutMs: connectTimeoutMs,
    tls: options.tls,
  });
  const client = new RouterOsConnection(socket, options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS, options.meter);
  try {
    await login(client, options.username, options.password, deadline);
  } catch (error) {
    await client.close();
    throw error;
  }

  return client;
};
