import { describe, expect, it } from "vitest";

import { createManualClock, createRealClock } from "./clock";

describe("[simulator] manual clock", () => {
  it("runs due timers in time order, repeating ones at each interval, and stops at the target time", async () => {
    const clock = createManualClock(1_000_000);
    const seen: string[] = [];
    clock.every(10, () => void seen.push(`tick@${clock.now() - 1_000_000}`));
    clock.after(15, () => void seen.push(`once@${clock.now() - 1_000_000}`));
    const cancelled = clock.after(5, () => void seen.push("never"));
    clock.cancel(cancelled);

    await clock.advance(25);

    expect(seen).toEqual(["tick@10", "once@15", "tick@20"]);
    expect(clock.now()).toBe(1_000_025);
  });

  it("awaits async callbacks, yet a callback sleeping on the same clock does not deadlock advance()", async () => {
    const clock = createManualClock(0);
    const seen: string[] = [];
    clock.after(10, async () => {
      seen.push(`start@${clock.now()}`);
      await clock.sleep(2_000);
      seen.push(`woke@${clock.now()}`);
    });

    await clock.advance(1_000);
    expect(seen).toEqual(["start@10"]);
    await clock.advance(1_500);
    expect(seen).toEqual(["start@10", "woke@2010"]);
  });

  it("survives a callback that throws", async () => {
    const clock = createManualClock(0);
    let later = false;
    clock.after(1, () => {
      throw new Error("script failed");
    });
    clock.after(2, () => {
      later = true;
    });
    await clock.advance(5);
    expect(later).toBe(true);
  });
});

describe("[simulator] real clock", () => {
  it("fires on Node timers and refuses advance()", async () => {
    const clock = createRealClock();
    const fired = new Promise<number>((resolve) => clock.after(5, () => resolve(clock.now())));
    expect(await fired).toBeGreaterThan(0);
    await expect(clock.advance(10)).rejects.toThrow("manual clock");
    clock.dispose();
  });
});
