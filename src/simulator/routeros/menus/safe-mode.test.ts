import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";
import { safeModeHolder } from "./safe-mode";

const router = useTestRouters();

const countMangle = async (run: (...words: string[]) => Promise<{ done: Record<string, string> }>) =>
  (await run("/ip/firewall/mangle/print", "=count-only=")).done.ret;

describe("safe-mode (7.18+)", () => {
  it("rolls back when the session that took it goes away without release", async () => {
    const r = await router({ version: "7.24" });
    await r.add("ip/firewall/mangle", { chain: "prerouting", comment: "before" });
    const risky = await r.session();
    await risky.command(["/safe-mode/take"]);
    await risky.command(["/ip/firewall/mangle/add", "=chain=prerouting", "=comment=risky"]);
    await risky.command(["/system/identity/set", "=name=renamed"]);
    expect(await countMangle(r.run)).toBe("2");
    await risky.close();
    await expect.poll(() => safeModeHolder(r.sim.device)).toBeUndefined();
    expect(await countMangle(r.run)).toBe("1");
  });

  it("keeps the changes on release, and unroll undoes them at once", async () => {
    const r = await router({ version: "7.24" });
    await r.run("/safe-mode/take");
    await r.add("ip/firewall/mangle", { chain: "prerouting" });
    await r.run("/safe-mode/release");
    expect(safeModeHolder(r.sim.device)).toBeUndefined();
    await r.run("/safe-mode/take");
    await r.add("ip/firewall/mangle", { chain: "forward" });
    await r.run("/safe-mode/unroll");
    expect(await countMangle(r.run)).toBe("1");
    expect(safeModeHolder(r.sim.device)).toBeUndefined();
  });

  it("refuses a second session and toggles for the holder", async () => {
    const r = await router({ version: "7.18.2" });
    const other = await r.session();
    await r.run("/safe-mode/toggle");
    await expect(other.command(["/safe-mode/take"])).rejects.toMatchObject({ trapMessage: "failure: safe mode already taken by another session" });
    await r.run("/safe-mode/toggle");
    await other.command(["/safe-mode/take"]);
  });

  it("does not exist before 7.18", async () => {
    const r = await router({ version: "7.16.2" });
    expect(await r.trapOf("/safe-mode/take")).toBe("no such command prefix");
  });
});
