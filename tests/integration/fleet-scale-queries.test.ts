// The monitor's fleet-wide queries at the size of a real fleet: 1,200 devices in one reconcile. The benchmark found
// the grouped "last confirmed push" query refused by SQLite's bound-parameter limit at 1,000 devices (P2029), which
// stopped every reconcile, so nothing was polled at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastConfirmedAt } from "@/lib/services/pushes/confirmed-plan";
import { type AppEnvironment, startAppEnvironment } from "./support";

const DEVICES = 1_200;
let app: AppEnvironment;
const ids = Array.from({ length: DEVICES }, (_, i) => `scale-${String(i).padStart(4, "0")}`);

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  await app.db.device.createMany({
    data: ids.map((id) => ({ id, name: id, kind: "routeros", host: "127.0.0.1", port: 8728, transport: "plain", username: "admin", sealedCredentials: "x" })),
  });
  // Every even device has a confirmed push and, later, a rolled-back one that must not count; odd devices none.
  const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 3, 0, s));
  await app.db.push.createMany({
    data: ids.flatMap((deviceId, i) =>
      i % 2 === 0
        ? [
            { id: `${deviceId}-a`, deviceId, intent: "{}", plan: "{}", planHash: "h", status: "confirmed", actorName: "t", startedAt: at(i % 50) },
            { id: `${deviceId}-b`, deviceId, intent: "{}", plan: "{}", planHash: "h", status: "rolled_back", actorName: "t", startedAt: at(59) },
          ]
        : [],
    ),
  });
});

afterAll(async () => {
  await app?.close();
});

describe("the monitor's fleet-wide queries", () => {
  it("finds each device's last confirmed push for 1,200 devices in one call, on SQLite", async () => {
    const found = await lastConfirmedAt(app.db, ids);
    expect(found.size).toBe(DEVICES / 2);
    expect(found.get("scale-0000")).toBe(Date.UTC(2026, 11, 6, 3, 0, 0));
    expect(found.get("scale-1198")).toBe(Date.UTC(2026, 11, 6, 3, 0, 1198 % 50));
    expect(found.has("scale-0001")).toBe(false);
  });
});
