import { describe, expect, it } from "vitest";

import { examplePlan } from "@tests/support/routeros/push";

import type { RouterOsClient, RouterOsResult } from "../api-client";
import { counterReads, refreshMenus } from "./counters";
import { limitInFlight } from "./limiter";

// The trimmed per-poll prints and how they refresh the cached rows, on recorded rows; and the in-flight limit.

const plan = examplePlan("7");
const MANGLE = "/ip/firewall/mangle";
const ROUTE = "/ip/route";

describe("RouterOS watch: trimmed reads", () => {
  it("prints counters of the shown tables whole, and moving values of the plan's routes and netwatch by comment", () => {
    const reads = counterReads(plan);
    expect(reads.find((r) => r.menu === MANGLE)?.words).toEqual([`${MANGLE}/print`, "=.proplist=.id,disabled,packets,bytes"]);
    expect(reads.find((r) => r.menu === ROUTE)?.words.slice(0, 3)).toEqual([
      `${ROUTE}/print`,
      "=.proplist=.id,disabled,active",
      "?comment=waymark:probe:isp-a:192.0.2.10",
    ]);
    expect(reads.find((r) => r.menu === "/tool/netwatch")?.props).toEqual([".id", "disabled", "status", "since"]);
    // Menus that move only by an edit wait for a configuration read.
    expect(reads.map((r) => r.menu)).not.toContain("/routing/table");
  });

  const cached = {
    [MANGLE]: [
      { ".id": "*1", chain: "prerouting", comment: "waymark:lan-accept", packets: "5", bytes: "300", disabled: "false" },
      { ".id": "*2", chain: "forward", comment: "admin", packets: "0", bytes: "0", disabled: "false" },
    ],
    [ROUTE]: [{ ".id": "*80000001", gateway: "198.51.100.1", active: "true", comment: "waymark:route:isp-a:via:isp-a" }],
  };
  const reads = counterReads(plan).filter((r) => r.menu === MANGLE || r.menu === ROUTE);
  const fresh = (mangle: Record<string, string>[], route: Record<string, string>[]) => reads.map((r) => (r.menu === MANGLE ? mangle : route));

  it("takes fresh counters into the cached rows and drops a value the fresh row leaves out", () => {
    const refreshed = refreshMenus(
      cached,
      reads,
      fresh(
        [
          { ".id": "*1", packets: "18446744073709551615", bytes: "9007199254740993", disabled: "false" },
          { ".id": "*2", packets: "1", bytes: "60" },
        ],
        [{ ".id": "*80000001" }],
      ),
    );
    expect(refreshed).toEqual({
      menus: {
        [MANGLE]: [
          { ...cached[MANGLE][0], packets: "18446744073709551615", bytes: "9007199254740993" },
          // v7 leaves a false flag out: the same as "false", not a change.
          { ".id": "*2", chain: "forward", comment: "admin", packets: "1", bytes: "60" },
        ],
        [ROUTE]: [{ ".id": "*80000001", gateway: "198.51.100.1", comment: "waymark:route:isp-a:via:isp-a" }],
      },
    });
  });

  it.each<[string, Record<string, string>[], string]>([
    ["a rule added", [{ ".id": "*1" }, { ".id": "*2" }, { ".id": "*3" }], "3 rows, were 2"],
    ["a rule removed", [{ ".id": "*1" }], "1 rows, were 2"],
    ["rules moved", [{ ".id": "*2" }, { ".id": "*1" }], "*2 where *1 was"],
    ["a rule disabled", [{ ".id": "*1", disabled: "true" }, { ".id": "*2" }], "*1 disabled=true"],
  ])("asks for a configuration read when %s", (_what, mangle, why) => {
    expect(refreshMenus(cached, reads, fresh(mangle, [{ ".id": "*80000001" }]))).toEqual({ changed: `${MANGLE}: ${why}` });
  });
});

describe("RouterOS watch: in-flight limit", () => {
  it("never lets more than two commands run at once, and runs them all in order", async () => {
    const started: string[] = [];
    const finishers: (() => void)[] = [];
    const inner: RouterOsClient = {
      command: (words) =>
        new Promise<RouterOsResult>((resolve) => {
          started.push(words[0]!);
          finishers.push(() => resolve({ rows: [], done: {}, empty: false }));
        }),
      stream: () => {
        throw new Error("unused");
      },
      close: async () => {},
      closed: false,
    };
    const { client, peak } = limitInFlight(inner);
    const all = Promise.all(["/a", "/b", "/c", "/d", "/e"].map((w) => client.command([w])));
    await Promise.resolve();
    expect(started).toEqual(["/a", "/b"]);
    while (finishers.length > 0) {
      finishers.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect(started).toEqual(["/a", "/b", "/c", "/d", "/e"]);
    expect(peak()).toBe(2);
  });
});
