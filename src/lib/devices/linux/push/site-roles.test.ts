import { describe, expect, it } from "vitest";
import { linuxCapabilities, parseInspection } from "./inspect";
import { LAB_INSPECTION } from "./inspect.fixture";
import { siteRoleSupport } from "./site-roles";

describe("[linux] site roles from inspection", () => {
  const all = { nft: true, perl: true, bird: true, birdc: true };

  it("offers every role on a host with nftables, perl and BIRD 2", () => {
    expect(siteRoleSupport({ has: all, nftVersion: "nftables v1.0.6 (Lester Gooch #5)", birdVersion: "BIRD version 2.0.12" })).toEqual([
      { role: "vip-node", available: true, why: null, software: "nftables v1.0.6 (Lester Gooch #5)" },
      { role: "anycast-server", available: true, why: null, software: "BIRD 2.0.12" },
      { role: "anycast-edge", available: true, why: null, software: "BIRD 2.0.12" },
    ]);
  });

  it("says what is missing and which package brings it", () => {
    const roles = siteRoleSupport({ has: { ...all, bird: false, birdc: false, perl: false }, nftVersion: "nftables v1.0.6", birdVersion: "" });
    expect(roles.map((r) => [r.role, r.available, r.why])).toEqual([
      ["vip-node", false, "perl is missing (apt install perl-base)"],
      ["anycast-server", false, "bird2 is not installed (apt install bird2); perl is missing (apt install perl-base)"],
      ["anycast-edge", false, "bird2 is not installed (apt install bird2)"],
    ]);
    const bird1 = siteRoleSupport({ has: all, nftVersion: "", birdVersion: "BIRD version 1.6.8" });
    expect(bird1[2]?.why).toBe("Waymark writes BIRD 2 configuration; this host has BIRD version 1.6.8 (apt install bird2)");
  });

  it("reads them from the inspection script's output", () => {
    const withBird = LAB_INSPECTION.replace("has.setsid=yes", "has.setsid=yes\nhas.bird=yes\nhas.birdc=yes\nhas.perl=yes\nbird.version=BIRD version 2.0.12");
    expect(linuxCapabilities(parseInspection(withBird)).siteRoles.every((r) => r.available)).toBe(true);
    expect(linuxCapabilities(parseInspection(LAB_INSPECTION)).siteRoles.find((r) => r.role === "anycast-edge")?.available).toBe(false);
  });
});
