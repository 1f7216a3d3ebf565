// A raw RouterOS API peer for tests: it decodes what the client sends and lets each test script
// the exact reply bytes (tag positions, traps, fragmentation, drops). Loopback only.

import net from "node:net";

import { encodeSentence, SentenceReader } from "@/lib/devices/routeros/wire";

export type ScriptedExchange = {
  words: string[];
  /** Value of the `.tag=` word of the received sentence. */
  tag: string | undefined;
  send: (...sentences: string[][]) => void;
  sendBytes: (bytes: Buffer) => void;
  socket: net.Socket;
};

export type ScriptedServer = {
  port: number;
  received: string[][];
  close: () => Promise<void>;
};

const tagOf = (words: readonly string[]) => words.find((word) => word.startsWith(".tag="))?.slice(5);

/** Replies `!done` to /login unless the script handles it. */
export const startScriptedServer = async (script: (exchange: ScriptedExchange) => void): Promise<ScriptedServer> => {
  const received: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const reader = new SentenceReader();
    socket.on("data", (chunk) => {
      for (const words of reader.push(chunk)) {
        received.push(words);
        const send = (...sentences: string[][]) => {
          if (!socket.destroyed) socket.write(Buffer.concat(sentences.map(encodeSentence)));
        };
        const sendBytes = (bytes: Buffer) => {
          if (!socket.destroyed) socket.write(bytes);
        };
        script({ words, tag: tagOf(words), send, sendBytes, socket });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/** Accepts connections and never writes a byte. */
export const startSilentServer = async (): Promise<{ port: number; close: () => Promise<void> }> => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/** A 127.0.0.1 port with nothing listening (bound, then released). */
export const closedPort = async (): Promise<number> => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
};
