import "server-only";
import { db } from "@/lib/db/client";
import { settleInterruptedSitePushes } from "../sites/settle-interrupted-site-pushes";
import { settleInterruptedPushes } from "./settle-interrupted-pushes";

const EVERY_MS = 10_000;

/** At start-up and then every few seconds: pushes (device and site) a stopped dashboard left "running" are settled. */
export function startPushSettler(): void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const settled = await settleInterruptedPushes(db());
      if (settled) console.log(`waymark: settled ${settled} push(es) a stopped dashboard had left running`);
      const sites = await settleInterruptedSitePushes(db());
      if (sites) console.log(`waymark: settled ${sites} site push(es) a stopped dashboard had left running`);
    } catch (error) {
      console.error("waymark: settling interrupted pushes failed", error);
    } finally {
      busy = false;
    }
  };
  void tick();
  setInterval(() => void tick(), EVERY_MS).unref();
}
