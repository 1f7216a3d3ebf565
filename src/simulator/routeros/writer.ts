import type net from "node:net";

import { encodeSentence } from "@/lib/devices/routeros/wire";

export type Faults = {
  /** "byte": every reply byte goes out in its own write, to exercise split length prefixes and words. */
  fragment?: "byte";
};

export type SentenceWriter = {
  send: (words: readonly string[]) => void;
  /** Half-closes after everything queued so far has been written. */
  end: () => void;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const writeBytewise = async (socket: net.Socket, bytes: Buffer): Promise<void> => {
  for (const byte of bytes) {
    if (socket.destroyed) return;
    socket.write(Buffer.from([byte]));
    await nextTurn();
  }
};

// Real routers effectively send one sentence per segment; that is the default here.
export const createWriter = (socket: net.Socket, faults: Faults = {}): SentenceWriter => {
  let queue = Promise.resolve();
  const enqueue = (task: () => void | Promise<void>) => {
    queue = queue.then(task).catch(() => {
      socket.destroy();
    });
  };

  return {
    send: (words) => {
      const bytes = encodeSentence(words);
      if (faults.fragment === "byte") enqueue(() => writeBytewise(socket, bytes));
      else enqueue(() => {
        if (!socket.destroyed) socket.write(bytes);
      });
    },
    end: () => enqueue(() => {
      socket.end();
    }),
  };
};
