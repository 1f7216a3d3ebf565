import "server-only";
import type { Db } from "@/lib/db/client";

// Where a history is kept: a device's in MonitorSample / SampleBlock, a site's in SiteSample / SiteSampleBlock.
// The tables have the same columns but their owner (deviceId, siteId), so compaction, rollups, retention and the
// trends read are written once over this interface and run over both.

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Client = Tx | Db;

export type RawRow = { id: number; atMs: bigint; data: Uint8Array };
export type BlockRow = { startMs: bigint; endMs: bigint; points: number; data: Uint8Array };
type Where = Record<string, unknown>;

// The two models' delegates as far as history uses them; Prisma types each model's arguments apart, but the
// arguments below are valid for both (only the owner field's name differs, and it is the store's).
type RawDelegate = {
  findMany: (args: { where: Where; orderBy: Where; take?: number }) => Promise<RawRow[]>;
  deleteMany: (args: { where: Where }) => Promise<{ count: number }>;
};
type BlockDelegate = {
  findFirst: (args: { where: Where; orderBy?: Where }) => Promise<BlockRow | null>;
  findMany: (args: { where: Where; orderBy: Where }) => Promise<BlockRow[]>;
  create: (args: { data: Where }) => Promise<unknown>;
  updateMany: (args: { where: Where; data: Where }) => Promise<{ count: number }>;
  deleteMany: (args: { where: Where }) => Promise<{ count: number }>;
};

export type HistoryStore = {
  /** "device" or "site": the owner's word, in advisory lock keys and logs. */
  kind: "device" | "site";
  owners: (db: Db) => Promise<string[]>;
  raw: (db: Client) => RawDelegate;
  blocks: (db: Client) => BlockDelegate;
  /** The owner column as a where/data fragment. */
  owner: (id: string) => Where;
};

export const deviceHistory: HistoryStore = {
  kind: "device",
  owners: async (db) => (await db.device.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((d) => d.id),
  raw: (db) => db.monitorSample as unknown as RawDelegate,
  blocks: (db) => db.sampleBlock as unknown as BlockDelegate,
  owner: (id) => ({ deviceId: id }),
};

export const siteHistory: HistoryStore = {
  kind: "site",
  owners: async (db) => (await db.site.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id),
  raw: (db) => db.siteSample as unknown as RawDelegate,
  blocks: (db) => db.siteSampleBlock as unknown as BlockDelegate,
  owner: (id) => ({ siteId: id }),
};

export const HISTORY_STORES: readonly HistoryStore[] = [deviceHistory, siteHistory];
