import "server-only";

import type net from "node:net";

import { RouterOsConnectionError, RouterOsError, RouterOsFatalError, RouterOsTimeoutError, RouterOsTrapError, type RouterOsTrap } from "./errors";
import { fatalReason, parseReply, toTrap, type ReplySentence, type RouterOsRow } from "./reply";
import { encodeSentence, SentenceReader } from "./wire";

export type RouterOsResult = {
  /** One entry per `!re`, including empty ones (a `.proplist` naming only absent properties). */
  rows: RouterOsRow[];
  /** Attributes carried by `!done`, e.g. `ret` after add / count-only. */
  done: RouterOsRow;
  /** RouterOS >= 7.18 announced "no data" with `!empty`. */
  empty: boolean;
};

export type CommandOptions = { timeoutMs?: number };

export type RouterOsStreamEnd = { done: RouterOsRow; cancelled: boolean };

export type RouterOsStream = {
  readonly tag: string;
  /** Resolves at `!done` (also after cancel()); rejects on trap, `!fatal` or connection loss. */
  readonly done: Promise<RouterOsStreamEnd>;
  /** Sends `/cancel =tag=<tag>` and waits until the command has ended. */
  cancel: () => Promise<void>;
};

/**
 * What a session has cost on the wire, counted where the bytes are written and read (the codec's side of the
 * socket: the API's own bytes, before TLS). One meter may span several sessions (a watch that reconnected).
 */
export type WireMeter = { sentencesOut: number; bytesOut: number; bytesIn: number };

export type RouterOsClient = {
  command: (words: readonly string[], options?: CommandOptions) => Promise<RouterOsResult>;
  stream: (words: readonly string[], onRow: (row: RouterOsRow) => void) => RouterOsStream;
  close: () => Promise<void>;
  readonly closed: boolean;
};

type Pending = {
  command: string;
  rows: RouterOsRow[];
  traps: RouterOsTrap[];
  empty: boolean;
  onRow?: (row: RouterOsRow) => void;
  cancelling: boolean;
  timer?: NodeJS.Timeout;
  settle: (result: RouterOsResult & { cancelled: boolean }) => void;
  fail: (error: Error) => void;
};

const INTERRUPTED_CATEGORY = 2;
const noop = () => {};

/** One logged-in (or logging-in) API session; every command is tagged so replies can interleave. */
export class RouterOsConnection implements RouterOsClient {
  readonly #socket: net.Socket;
  readonly #reader = new SentenceReader();
  readonly #pending = new Map<string, Pending>();
  // Tags we gave up on (timed out): their late replies are dropped until their `!done`.
  readonly #abandoned = new Set<string>();
  readonly #defaultTimeoutMs: number;
  readonly #meter: WireMeter | undefined;
  #nextTag = 1;
  #closeError: RouterOsError | null = null;
  #lastSocketError: NodeJS.ErrnoException | null = null;
  #socketClosed = false;

  constructor(socket: net.Socket, defaultTimeoutMs: number, meter?: WireMeter) {
    this.#socket = socket;
    this.#defaultTimeoutMs = defaultTimeoutMs;
    this.#meter = meter;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.#lastSocketError = error;
    });
    socket.on("close", () => {
      this.#socketClosed = true;
      this.#shutdown(this.#closeError ?? this.#dropError());
    });
  }

  get closed(): boolean {
    return this.#closeError !== null;
  }

  command(words: readonly string[], options: CommandOptions = {}): Promise<RouterOsResult> {
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;

    return new Promise((resolve, reject) => {
      const pending = this.#newPending(words, ({ rows, done, empty }) => resolve({ rows, done, empty }), reject);
      const tag = this.#send(words, pending);
      if (tag === null) return;
      pending.timer = setTimeout(() => {
        this.#abandon(tag, pending);
        reject(new RouterOsTimeoutError(`${pending.command} timed out after ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
    });
  }

  stream(words: readonly string[], onRow: (row: RouterOsRow) => void): RouterOsStream {
    let pending: Pending | undefined;
    const done = new Promise<RouterOsStreamEnd>((resolve, reject) => {
      pending = this.#newPending(words, ({ done: attributes, cancelled }) => resolve({ done: attributes, cancelled }), reject);
      pending.onRow = onRow;
    });
    done.catch(noop);
    const tag = this.#send(words, pending as Pending) ?? "";

    const cancel = async () => {
      if (!pending || !this.#pending.has(tag)) return;
      pending.cancelling = true;
      await this.command(["/cancel", `=tag=${tag}`]);
      await done.then(noop, noop);
    };

    return { tag, done, cancel };
  }

  async close(): Promise<void> {
    if (!this.#closeError) this.#shutdown(new RouterOsConnectionError("connection closed by client", "closed"));
    if (this.#socketClosed) return;
    await new Promise<void>((resolve) => {
      this.#socket.once("close", () => resolve());
      // A peer that never answers would also never send its FIN: do not wait for it.
      this.#socket.end(() => this.#socket.destroy());
      setTimeout(() => this.#socket.destroy(), 500).unref();
    });
  }

  #newPending(words: readonly string[], settle: Pending["settle"], fail: (error: Error) => void): Pending {
    return { command: words[0] ?? "", rows: [], traps: [], empty: false, cancelling: false, settle, fail };
  }

  #send(words: readonly string[], pending: Pending): string | null {
    if (this.#closeError) {
      pending.fail(this.#closeError);
      return null;
    }
    const tag = String(this.#nextTag++);
    this.#pending.set(tag, pending);
    this.#write([...words, `.tag=${tag}`]);

    return tag;
  }

  #abandon(tag: string, pending: Pending): void {
    this.#pending.delete(tag);
    this.#abandoned.add(tag);
    // Before login the router answers any other command with !fatal, so only cancel real work.
    if (pending.command === "/login" || this.#closeError) return;
    const cancelTag = String(this.#nextTag++);
    this.#abandoned.add(cancelTag);
    this.#write(["/cancel", `=tag=${tag}`, `.tag=${cancelTag}`]);
  }

  #write(words: readonly string[]): void {
    const bytes = encodeSentence(words);
    if (this.#meter) {
      this.#meter.sentencesOut += 1;
      this.#meter.bytesOut += bytes.length;
    }
    this.#socket.write(bytes);
  }

  #onData(chunk: Buffer): void {
    if (this.#meter) this.#meter.bytesIn += chunk.length;
    try {
      for (const words of this.#reader.push(chunk)) this.#dispatch(parseReply(words));
    } catch (error) {
      this.#closeError = error instanceof RouterOsError ? error : new RouterOsError(String(error));
      this.#shutdown(this.#closeError);
      this.#socket.destroy();
    }
  }

  #dispatch(reply: ReplySentence): void {
    if (reply.kind === "!fatal") {
      this.#shutdown(new RouterOsFatalError(fatalReason(reply)));
      this.#socket.destroy();
      return;
    }
    // Every command we send is tagged, so an untagged reply cannot answer any of them.
    const tag = reply.tag;
    if (tag === undefined) return;
    if (this.#abandoned.has(tag)) {
      if (reply.kind === "!done") this.#abandoned.delete(tag);
      return;
    }
    const pending = this.#pending.get(tag);
    if (!pending) return;
    if (reply.kind === "!re") this.#onRow(pending, reply.attributes);
    else if (reply.kind === "!trap") pending.traps.push(toTrap(reply));
    else if (reply.kind === "!empty") pending.empty = true;
    else this.#finish(tag, pending, reply.attributes);
  }

  #onRow(pending: Pending, row: RouterOsRow): void {
    if (!pending.onRow) {
      pending.rows.push(row);
      return;
    }
    try {
      pending.onRow(row);
    } catch {
      // A throwing consumer callback must not tear down the shared connection.
    }
  }

  #finish(tag: string, pending: Pending, done: RouterOsRow): void {
    this.#pending.delete(tag);
    clearTimeout(pending.timer);
    const interruptedByUs = pending.cancelling && pending.traps.every((trap) => trap.category === INTERRUPTED_CATEGORY || trap.message === "interrupted");
    if (pending.traps.length > 0 && !interruptedByUs) {
      pending.fail(new RouterOsTrapError(pending.command, pending.traps));
      return;
    }
    pending.settle({ rows: pending.rows, done, empty: pending.empty, cancelled: pending.traps.length > 0 });
  }

  #shutdown(error: RouterOsError): void {
    this.#closeError ??= error;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.fail(this.#closeError);
    }
    this.#pending.clear();
  }

  #dropError(): RouterOsConnectionError {
    const cause = this.#lastSocketError;
    const detail = cause ? `: ${cause.message}` : "";

    return new RouterOsConnectionError(`connection closed by peer${detail}`, "closed", cause?.code);
  }
}
