import type net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { encodeSentence } from "@/lib/devices/routeros/wire";

/** How reply bytes leave the simulator; read again for every sentence, so a change applies at once. */
export type WriteShaping = {
  /** "byte": one write per byte; "random": writes of 1..MAX_RANDOM_CHUNK bytes at seeded random split points. */
  fragment?: "byte" | "random";
  /** Wait before each reply sentence, in order (a slow router or a long path). */
  delayMs?: number;
  /** Draws the next random chunk size in [0, 1); used only with fragment "random". */
  random?: () => number;
};

export type SentenceWriter = {
  send: (words: readonly string[]) => void;
  /** Half-closes after everything queued so far has been written. */
  end: () => void;
};

export type QueuedWriter = SentenceWriter & {
  /** Tears the connection down after everything queued so far has reached the kernel. */
  destroy: () => void;
};

// Small enough that chunks split length prefixes (1–5 bytes) as often as they split word bodies.
export const MAX_RANDOM_CHUNK = 12;

/** Chunk sizes that add up to `length`: all 1 for "byte", 1..MAX_RANDOM_CHUNK for "random". */
export const chunkSizes = (length: number, shaping: WriteShaping): number[] => {
  if (shaping.fragment === undefined) return [length];
  const sizes: number[] = [];
  for (let left = length; left > 0; ) {
    const draw = shaping.fragment === "random" && shaping.random ? shaping.random() : 0;
    const size = Math.min(left, 1 + Math.floor(draw * MAX_RANDOM_CHUNK));
    sizes.push(size);
    left -= size;
  }

  return sizes;
};

// Resolves once the bytes are handed to the kernel, so a destroy queued behind it cannot discard them.
const writeFlushed = (socket: net.Socket, bytes: Buffer): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.write(bytes, () => resolve());
  });

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const writeShaped = async (socket: net.Socket, bytes: Buffer, shaping: WriteShaping): Promise<void> => {
  if (shaping.delayMs) await sleep(shaping.delayMs);
  const sizes = chunkSizes(bytes.length, shaping);
  let offset = 0;
  for (const size of sizes) {
    if (socket.destroyed) return;
    await writeFlushed(socket, bytes.subarray(offset, offset + size));
    offset += size;
    // A turn of the event loop between writes, so each chunk leaves in its own TCP segment (NODELAY is on).
    if (sizes.length > 1) await nextTurn();
  }
};

/** Told of each sentence once its bytes have reached the kernel (the router's API cost, ./api-cost.ts). */
export type OnWritten = (words: readonly string[], bytes: number) => void;

// Real routers effectively send one sentence per segment; that is the default here.
export const createWriter = (socket: net.Socket, shaping: () => WriteShaping = () => ({}), onWritten?: OnWritten): QueuedWriter => {
  let queue = Promise.resolve();
  const enqueue = (task: () => void | Promise<void>) => {
    queue = queue.then(task).catch(() => {
      socket.destroy();
    });
  };

  return {
    send: (words) => {
      const bytes = encodeSentence(words);
      enqueue(async () => {
        await writeShaped(socket, bytes, shaping());
        if (!socket.destroyed) onWritten?.(words, bytes.length);
      });
    },
    end: () =>
      enqueue(() => {
        socket.end();
      }),
    destroy: () =>
      enqueue(() => {
        socket.destroy();
      }),
  };
};
