// A TCP relay on 127.0.0.1 between Waymark and a simulated router that counts, per API connection, the command
// sentences Waymark sends and the reply sentences the router writes (login left out, as the simulator's
// dropAfterSentences counts them), so a scenario knows how many cut points a push has.

import net from "node:net";

import { SentenceReader } from "@/lib/devices/routeros/wire";

export type SentenceCounter = {
  port: number;
  /** Command sentences per connection, in the order the connections were opened. */
  readonly counts: readonly number[];
  /** Reply sentences (!re, !done, !trap, !empty) per connection after its login. */
  readonly replies: readonly number[];
  close: () => Promise<void>;
};

export async function startSentenceCounter(routerPort: number): Promise<SentenceCounter> {
  const counts: number[] = [];
  const replies: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const index = counts.push(0) - 1;
    replies.push(0);
    const reader = new SentenceReader();
    const replyReader = new SentenceReader();
    const router = net.connect({ host: "127.0.0.1", port: routerPort });
    for (const socket of [client, router]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.on("data", (chunk: Buffer) => {
      for (const sentence of reader.push(chunk)) if (sentence[0] !== "/login") counts[index]! += 1;
      router.write(chunk);
    });
    router.on("data", (chunk: Buffer) => {
      // Login is awaited before anything else is sent: replies count once a command went out.
      const sentences = replyReader.push(chunk).length;
      if (counts[index]! > 0) replies[index]! += sentences;
      client.write(chunk);
    });
    client.on("close", () => router.destroy());
    router.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    counts,
    replies,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
