import "server-only";
import { db } from "@/lib/db/client";
import { settleInterruptedDrills } from "./settle-interrupted-drills";

const EVERY_MS = 10_000;

/** At start-up and then every few seconds: drills a stopped dashboard left "running" are recorded as aborted. */
export function startDrillSettler(): void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const settled = await settleInterruptedDrills(db());
      if (settled) console.log(`waymark: recorded ${settled} drill(s) a stopped dashboard had left running as aborted`);
    } catch (error) {
      console.error("waymark: settling interrupted drills failed", error);
    } finally {
      busy = false;
    }
  };
  void tick();
  setInterval(() => void tick(), EVERY_MS).unref();
}
