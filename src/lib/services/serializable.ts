import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";

export type Tx = Prisma.TransactionClient;

// A rule that spans rows ("at least one admin remains", "one device per address") is a read and then a write.
// At PostgreSQL's default READ COMMITTED two such transactions both read the old state and both write (write
// skew): two admins demoting each other left none. SERIALIZABLE makes PostgreSQL abort one of them instead
// (P2034), and it is run again from the start, now seeing the other's change. SQLite runs one writer at a time
// anyway (the adapter holds its one connection for the whole transaction). Keep slow work (password hashing,
// device calls) outside `work`: it may run more than once and holds the transaction open.
const ATTEMPTS = 10;

export async function serializable<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { isolationLevel: "Serializable", maxWait: 10_000, timeout: 10_000 });
    } catch (error) {
      if (attempt >= ATTEMPTS || !isSerializationFailure(error)) throw error;
      // Randomised backoff, so the transactions that collided do not collide again in lockstep.
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

// Prisma reports the abort as P2034 when a statement fails; one that fails at COMMIT reaches us as the driver
// adapter's own error.
function isSerializationFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, name, cause } = error as { code?: unknown; name?: unknown; cause?: { kind?: unknown } };
  return code === "P2034" || (name === "DriverAdapterError" && cause?.kind === "TransactionWriteConflict");
}
