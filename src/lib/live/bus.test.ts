import { afterAll, afterEach, describe, expect, it } from "vitest";
import { liveFixture } from "@tests/support/live-fixture";
import { deliver, liveBus } from "./bus";

const heard: string[] = [];
const unsubscribe = liveBus().subscribe("dev-bus", (u) => heard.push(`${u.polledBy}#${u.seq}`));
const update = (polledBy: string, seq: number, at: number) => liveFixture({ deviceId: "dev-bus", polledBy, seq, at });

afterAll(unsubscribe);
afterEach(() => {
  heard.length = 0;
  liveBus().forget("dev-bus");
});

describe("live bus: nothing stale overwrites newer", () => {
  it("drops a repeat or older update of the same instance", () => {
    deliver(update("a", 2, 2000));
    deliver(update("a", 2, 2000));
    deliver(update("a", 1, 1000));
    deliver(update("a", 3, 3000));
    expect(heard).toEqual(["a#2", "a#3"]);
  });

  it("hears an instance that restarted and counts from 1 again", () => {
    deliver(update("a", 50, 2000));
    deliver(update("a", 1, 9000));
    expect(heard).toEqual(["a#50", "a#1"]);
  });

  it("drops the last poll of an instance that lost the lease when it arrives after the new holder's", () => {
    deliver(update("a", 7, 1000));
    deliver(update("b", 1, 3000));
    deliver(update("a", 8, 2500));
    deliver(update("b", 2, 5000));
    expect(heard).toEqual(["a#7", "b#1", "b#2"]);
    expect(liveBus().latest("dev-bus")?.polledBy).toBe("b");
  });
});
