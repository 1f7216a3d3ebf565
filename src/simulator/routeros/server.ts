import net from "node:net";
import tls from "node:tls";

// Always loopback: the simulator is a test fixture and must never be reachable from the network.
export const SIMULATOR_HOST = "127.0.0.1";

export type SimulatorTls = "anon" | { key: string | Buffer; cert: string | Buffer };

export type ListeningServer = { port: number; close: () => Promise<void> };

// Certificate-less api-ssl: anonymous DH only, TLS <= 1.2, OpenSSL security level 0 (reference §1.1).
const anonTlsOptions: tls.TlsOptions = {
  ciphers: "ADH-AES256-GCM-SHA384:@SECLEVEL=0",
  maxVersion: "TLSv1.2",
  dhparam: "auto",
};

const createServer = (mode: SimulatorTls | undefined, onSocket: (socket: net.Socket) => void): net.Server => {
  if (mode === undefined) return net.createServer(onSocket);
  const options = mode === "anon" ? anonTlsOptions : { key: mode.key, cert: mode.cert };

  return tls.createServer(options, onSocket);
};

/** Listens on 127.0.0.1 (port 0 = ephemeral); close() also drops every open connection. */
export const listen = (port: number, mode: SimulatorTls | undefined, onSocket: (socket: net.Socket) => void): Promise<ListeningServer> =>
  new Promise((resolve, reject) => {
    const sockets = new Set<net.Socket>();
    const server = createServer(mode, (socket) => {
      socket.setNoDelay(true);
      socket.on("error", () => socket.destroy());
      onSocket(socket);
    });
    server.on("connection", (socket: net.Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.on("tlsClientError", () => {});

    const close = () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      });

    server.once("error", reject);
    server.listen(port, SIMULATOR_HOST, () => {
      server.removeListener("error", reject);
      resolve({ port: (server.address() as net.AddressInfo).port, close });
    });
  });
