import { describe, expect, it } from "vitest";
import { ZIntent } from "../intent";
import { describePlanMeaning } from "../intent/meaning";
import { ZTargetOptions } from "../target-options";
import { compileLinux } from "./linux";

// The meaning of a plan and the compiler's warnings say how fast a dead link is noticed: the same intent must give
// the same numbers in both (one model, failoverTimesMs).
describe("[domain] one failover time everywhere", () => {
  it("gives the meaning the numbers the Linux plan's warnings give for the same probe", () => {
    const intent = ZIntent.parse({
      links: [
        { name: "wan1", interface: "eth1", gateway: "198.51.100.1", probe: { targets: ["1.1.1.1"], intervalMs: 500, downCount: 4 } },
        { name: "wan2", interface: "eth2", gateway: "203.0.113.1", probe: { targets: ["9.9.9.9"] } },
      ],
      outbound: { lanInterfaces: ["eth0"], lanSources: ["192.168.1.0/24"] },
    });
    const warnings = compileLinux(intent, { flavour: "nftables" }).warnings;
    const lines = describePlanMeaning(intent, ZTargetOptions.parse({}));
    for (const [link, numbers] of [
      ["wan1", "1.50 s–2.00 s (2.00 s–2.50 s if its probes were already losing answers)"],
      ["wan2", "0.60 s–0.90 s (0.90 s–1.20 s if its probes were already losing answers)"],
    ] as const) {
      const warning = warnings.find((w) => w.code === "detection-time" && w.link === link);
      expect(warning?.message).toContain(`a dead link is detected in ${numbers};`);
      expect(lines.find((l) => l.startsWith(`If ${link} misses`))).toContain(`declared down in ${numbers};`);
    }
  });
});
