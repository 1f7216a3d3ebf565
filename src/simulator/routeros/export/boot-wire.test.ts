import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";
import { exportConfig } from ".";

const V6_EXPORT = readFileSync(new URL("./fixtures/export-6.48.4.rsc", import.meta.url), "utf8");
const V7_EXPORT = readFileSync(new URL("./fixtures/export-7.10.rsc", import.meta.url), "utf8");

const router = useTestRouters();

const mangleAddLines = (text: string) => text.split("\n").filter((line) => line.startsWith("/ip firewall mangle add "));

describe("[simulator] a router booted from a real export, read over the API", () => {
  it.each([
    ["6.48.4", "6.49.10", V6_EXPORT],
    ["7.10", "7.16.2", V7_EXPORT],
  ])("prints the export's mangle rules in file order with API values (export %s)", async (written, version, text) => {
    const { sim, rows } = await router({ version, bootExport: text });
    const mangle = await rows("/ip/firewall/mangle/print");
    const lines = mangleAddLines(text);

    expect(sim.bootReport?.header?.version).toBe(written);
    expect(mangle).toHaveLength(lines.length);
    expect(mangle.map((row) => row.chain)).toEqual(lines.map((line) => /chain=(\S+)/.exec(line)?.[1]));
    expect(mangle.map((row) => row.disabled)).toEqual(lines.map((line) => String(line.includes(" disabled=yes"))));
    expect(new Set(mangle.map((row) => row.passthrough))).toEqual(new Set(["true", "false"]));
    // Nothing printed over the wire changes what the router would export.
    expect(
      exportConfig(sim.device, { menus: ["ip/firewall/mangle"] })
        .trimEnd()
        .split("\n"),
    ).toEqual(lines);
  });

  it("answers for the interfaces and lists the export declares", async () => {
    const { rows } = await router({ version: "6.49.10", bootExport: V6_EXPORT });
    const ethernet = await rows("/interface/ethernet/print");
    const members = await rows("/interface/list/member/print");

    expect(ethernet.map((row) => row.name)).toEqual(["wan A", "lan B", "lan C", "lan A", "lan D", "optic"]);
    expect(members.map((row) => [row.list, row.interface])).toContainEqual(["list-untrusted", "wan A"]);
  });
});
