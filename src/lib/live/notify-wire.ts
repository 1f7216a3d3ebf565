import "server-only";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { ZDeviceLive } from "@/lib/domain/monitor/live";
import { ZSiteLive } from "@/lib/domain/site/live";
import type { LiveUpdate } from "./bus";

// How one DeviceLive (or SiteLive) travels in PostgreSQL NOTIFY payloads, which the server refuses past 8000 bytes. A reading
// with a few hundred rules is 100 kB or more of JSON, so an update is deflated (JSON of counters and words
// shrinks about tenfold), base64'd (payloads are text) and cut into chunks, each "<message id> <index> <count>
// <data>". We chunk rather than store the update in a table and notify its key: the monitor publishes hundreds of
// updates a second, a table would turn each into an insert, a read per instance and a cleanup, while the chunks of
// one statement commit together, so they arrive contiguous and all or nothing (LISTEN/NOTIFY guarantees commit
// order). Message ids are unique, which also keeps PostgreSQL from folding two identical payloads of one
// transaction into one.

/** Under the 8000-byte limit, with room for the header. */
export const CHUNK_CHARS = 7900;
/** A half-received message (its sender's connection dropped mid-statement cannot happen, but be safe) is dropped after this. */
const PARTIAL_TTL_MS = 30_000;

export function encodeUpdate(update: LiveUpdate, messageId: string): string[] {
  const data = deflateRawSync(Buffer.from(JSON.stringify(update))).toString("base64");
  const room = CHUNK_CHARS - messageId.length - 16;
  const count = Math.max(1, Math.ceil(data.length / room));
  return Array.from({ length: count }, (_, i) => `${messageId} ${i} ${count} ${data.slice(i * room, (i + 1) * room)}`);
}

const HEADER = /^([A-Za-z0-9._:-]{1,80}) (\d{1,6}) (\d{1,6}) ([A-Za-z0-9+/=]*)$/;

/** A chunk's message id, and whether it is the message's last chunk; null for what is not our format. */
export function chunkHeader(payload: string): { id: string; last: boolean } | null {
  const match = /^([A-Za-z0-9._:-]{1,80}) (\d{1,6}) (\d{1,6}) /.exec(payload);
  return match ? { id: match[1]!, last: Number(match[2]) === Number(match[3]) - 1 } : null;
}

type Partial = { parts: (string | undefined)[]; got: number; firstAt: number };

/** Puts chunks back together; `push` returns the update once its last chunk arrived, else null. */
export class Assembler {
  private partial = new Map<string, Partial>();

  /** Throws on a payload that is not ours or does not decode: the caller logs it and goes on. */
  push(payload: string, now = Date.now()): LiveUpdate | null {
    const match = HEADER.exec(payload);
    if (!match) throw new Error("a live-bus notification that is not Waymark's chunk format");
    const [, id, indexText, countText, data] = match as unknown as [string, string, string, string, string];
    const index = Number(indexText);
    const count = Number(countText);
    if (count < 1 || index >= count) throw new Error(`a live-bus chunk ${index} of ${count}`);
    if (count === 1) return decode(data);
    this.sweep(now);
    const entry = this.partial.get(id) ?? { parts: new Array<string | undefined>(count).fill(undefined), got: 0, firstAt: now };
    if (entry.parts.length !== count) throw new Error(`live-bus message ${id} changed its chunk count`);
    if (entry.parts[index] === undefined) entry.got++;
    entry.parts[index] = data;
    if (entry.got < count) {
      this.partial.set(id, entry);
      return null;
    }
    this.partial.delete(id);
    return decode(entry.parts.join(""));
  }

  /** A reconnect loses whatever was half-received: those chunks' rest will never come. */
  reset(): void {
    this.partial.clear();
  }

  get pending(): number {
    return this.partial.size;
  }

  private sweep(now: number): void {
    for (const [id, entry] of this.partial) if (now - entry.firstAt > PARTIAL_TTL_MS) this.partial.delete(id);
  }
}

function decode(data: string): LiveUpdate {
  const json: unknown = JSON.parse(inflateRawSync(Buffer.from(data, "base64")).toString("utf8"));
  // A site's update is the one with a siteId; either is validated whole before it reaches a subscriber.
  if (typeof json === "object" && json !== null && "siteId" in json) return ZSiteLive.parse(json);
  return ZDeviceLive.parse(json);
}
