import "server-only";
import { db } from "@/lib/db/client";
import { transitions } from "@/lib/domain/monitor/transitions";
import type { PollObserver } from "./observers";

// The up/down timeline: every change `transitions()` finds between two updates of a device (a link or backend
// changing health, the device becoming unreachable or answering again, drift appearing or going) is one StateEvent
// row, written by the instance that polls the device.
export const timelineObserver: PollObserver = {
  name: "timeline",
  observe: async (update, previous) => {
    const changes = transitions(previous, update);
    if (changes.length === 0) return;
    await db().stateEvent.createMany({
      data: changes.map((t) => ({
        deviceId: update.deviceId,
        subject: t.subject,
        name: t.name,
        state: t.state,
        previous: t.previous,
        atMs: BigInt(Math.round(t.atMs)),
        lossPercent: t.lossPercent,
        rttMs: t.rttMs,
        detail: t.detail,
      })),
    });
  },
};
