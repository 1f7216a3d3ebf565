import "server-only";

import net from "node:net";
import tls from "node:tls";

import { RouterOsConnectionError, RouterOsTimeoutError, type ConnectionFailureReason } from "./errors";

export type RouterOsTransport = "plain" | "tls" | "tls-anon";

export type OpenSocketOptions = {
  host: string;
  port: number;
  transport: RouterOsTransport;
  timeoutMs: number;
  /** Extra TLS options for "tls" (e.g. a private CA); ignored for the other transports. */
  tls?: tls.ConnectionOptions;
};

// Certificate-less api-ssl only offers anonymous DH. OpenSSL 3 refuses ADH at the default security
// level, and ADH suites do not exist in TLS 1.3 (reference §1.1, verified with Node 20 / OpenSSL 3.0).
export const ANON_DH_CIPHERS = "ADH-AES256-GCM-SHA384:@SECLEVEL=0";

const UNREACHABLE_CODES = new Set(["EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL", "ETIMEDOUT", "EHOSTDOWN", "ENETDOWN"]);

const createSocket = (options: OpenSocketOptions): net.Socket => {
  const { host, port, transport } = options;
  if (transport === "plain") return net.connect({ host, port });
  if (transport === "tls-anon") {
    return tls.connect({ host, port, ciphers: ANON_DH_CIPHERS, maxVersion: "TLSv1.2", rejectUnauthorized: false });
  }

  return tls.connect({
    host,
    port,
    servername: net.isIP(host) ? undefined : host,
    rejectUnauthorized: true,
    ...options.tls,
  });
};

const errorCode = (error: Error): string | undefined => (error as NodeJS.ErrnoException).code;

const classify = (error: Error, tcpConnected: boolean, transport: RouterOsTransport): ConnectionFailureReason => {
  const code = errorCode(error) ?? "";
  if (code === "ECONNREFUSED") return "refused";
  if (UNREACHABLE_CODES.has(code)) return "unreachable";
  if (transport !== "plain" && tcpConnected) return "tls";

  return "closed";
};

/** Resolves once the socket is usable (TCP connected, TLS handshake done); rejects with typed errors. */
export const openSocket = (options: OpenSocketOptions): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const { host, port, transport, timeoutMs } = options;
    const where = `${host}:${port}`;
    const socket = createSocket(options);
    let tcpConnected = false;

    const cleanup = () => {
      clearTimeout(timer);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
    };
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error) => {
      const reason = classify(error, tcpConnected, transport);
      const prefix = reason === "tls" ? "TLS handshake with" : "cannot connect to";
      fail(new RouterOsConnectionError(`${prefix} ${where}: ${inWords(errorCode(error)) ?? error.message}`, reason, errorCode(error)));
    };
    const onClose = () => {
      const reason = transport !== "plain" && tcpConnected ? "tls" : "closed";
      fail(new RouterOsConnectionError(`connection to ${where} closed while connecting`, reason));
    };
    const timer = setTimeout(() => fail(new RouterOsTimeoutError(`connecting to ${where} timed out after ${timeoutMs} ms`, timeoutMs)), timeoutMs);

    socket.once("connect", () => {
      tcpConnected = true;
    });
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.once(transport === "plain" ? "connect" : "secureConnect", () => {
      cleanup();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      resolve(socket);
    });
  });

/** The socket errors an admin meets most, said as what to check; others keep Node's own message. */
function inWords(code: string | undefined): string | undefined {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused: nothing listens on that port (is the router's api or api-ssl service enabled, and is the port right?)";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "no route to the router from the dashboard";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name could not be resolved";
    default:
      return undefined;
  }
}
