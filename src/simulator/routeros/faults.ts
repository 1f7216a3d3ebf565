// Fault injection for the simulator: what a flaky path or a failing router does to an API session.
// Faults can be changed while connections are open (sim.faults.set / clear); every connection reads the
// current set for each sentence. Sentence counts are per connection and leave out /login and its replies,
// so "the n-th sentence" means the n-th of the work after login, whichever login style was used.

import type net from "node:net";

import { seededRandom } from "./seeded-random";
import { createWriter, type OnWritten, type QueuedWriter, type SentenceWriter, type WriteShaping } from "./writer";

export type Faults = {
  /** "byte": every reply byte in its own write; "random": writes of random sizes (see `seed`). */
  fragment?: "byte" | "random";
  /** Seed of the "random" split points (default 1); the same seed splits the same replies the same way. */
  seed?: number;
  /** Delay before each reply sentence, login replies included. */
  delayMs?: number;
  /**
   * Destroy the TCP connection when the n-th command sentence is received (before it runs), or right after
   * the n-th reply sentence is written. A connection already past n is dropped at its next sentence.
   */
  dropAfterSentences?: { received?: number; sent?: number };
  /** After the n-th reply sentence, send `!fatal <reason>` (a bare word, as RouterOS does) and close. */
  fatal?: { afterSentences: number; reason: string };
  /** Accept connections and never answer: received sentences are swallowed, nothing is written. */
  stall?: boolean;
};

/** The simulator's live fault switch (`sim.faults`). */
export type FaultSwitch = {
  /** Replaces the whole set of faults (it does not merge with the previous set). */
  set: (faults: Faults) => void;
  clear: () => void;
  readonly current: Readonly<Faults>;
};

/** One accepted connection as the session sees it: received sentences go through `receive`. */
export type FaultyLink = {
  writer: SentenceWriter;
  receive: (words: string[], process: (words: string[]) => void) => void;
};

export type FaultInjector = {
  faults: FaultSwitch;
  attach: (socket: net.Socket, onWritten?: OnWritten) => FaultyLink;
  /** Destroys every open connection (as a reboot or a cable pull seen from the router would). */
  dropAll: () => void;
};

const reached = (count: number, limit: number | undefined): boolean => limit !== undefined && count >= limit;

type LinkState = { received: number; sent: number; inLogin: boolean; closed: boolean };

const createLink = (socket: net.Socket, faults: () => Faults, generation: () => number, onWritten?: OnWritten): FaultyLink => {
  const state: LinkState = { received: 0, sent: 0, inLogin: false, closed: false };
  let random = seededRandom(faults().seed ?? 1);
  let seenGeneration = generation();
  const shaping = (): WriteShaping => {
    if (seenGeneration !== generation()) {
      seenGeneration = generation();
      random = seededRandom(faults().seed ?? 1);
    }
    const { fragment, delayMs } = faults();
    return { fragment, delayMs, random };
  };
  const out: QueuedWriter = createWriter(socket, shaping, onWritten);

  const sendFatal = (reason: string) => {
    state.closed = true;
    out.send(["!fatal", reason]);
    out.end();
  };

  // The limits are checked before and after each counted sentence, so a limit of 0 (or one set at runtime
  // below the count so far) takes the place of the next reply instead of waiting for another one.
  const checkSentLimits = (): boolean => {
    const { dropAfterSentences, fatal } = faults();
    if (reached(state.sent, dropAfterSentences?.sent)) {
      state.closed = true;
      out.destroy();
    } else if (fatal && reached(state.sent, fatal.afterSentences)) sendFatal(fatal.reason);

    return state.closed;
  };

  const send = (words: readonly string[]) => {
    if (state.closed || faults().stall) return;
    if (state.inLogin) return out.send(words);
    if (checkSentLimits()) return;
    state.sent += 1;
    out.send(words);
    checkSentLimits();
  };

  const receive: FaultyLink["receive"] = (words, process) => {
    if (state.closed || faults().stall) return;
    if (words[0] === "/login") {
      // Login replies are written synchronously by the session, so this window catches exactly them.
      state.inLogin = true;
      try {
        process(words);
      } finally {
        state.inLogin = false;
      }
      return;
    }
    state.received += 1;
    if (reached(state.received, faults().dropAfterSentences?.received)) {
      state.closed = true;
      socket.destroy();
      return;
    }
    process(words);
  };

  return {
    writer: {
      send,
      end: () => {
        state.closed = true;
        out.end();
      },
    },
    receive,
  };
};

export const createFaultInjector = (initial: Faults = {}): FaultInjector => {
  let current: Faults = { ...initial };
  let generation = 0;
  const sockets = new Set<net.Socket>();

  const faults: FaultSwitch = {
    set: (next) => {
      current = { ...next };
      generation += 1;
    },
    clear: () => faults.set({}),
    get current() {
      return current;
    },
  };

  const attach = (socket: net.Socket, onWritten?: OnWritten): FaultyLink => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));

    return createLink(
      socket,
      () => current,
      () => generation,
      onWritten,
    );
  };

  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  return { faults, attach, dropAll };
};
