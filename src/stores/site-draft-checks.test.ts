import { describe, expect, it } from "vitest";
import { checkSiteDraft, checkSiteName, newSiteDraft } from "./site-draft-checks";

const node = (device: string, nodeId: number, address: string) => ({ device, role: "vip-node", interface: "eth1", address, nodeId });

describe("site draft checks", () => {
  it("keys each issue by the path of its field", () => {
    const draft = { ...newSiteDraft("shared-vip"), vip: "10.0.0.300", members: [node("a", 1, "10.0.0.11")] };
    const check = checkSiteDraft(draft);
    expect(check.intent).toBeNull();
    expect(check.issues.get("vip")).toEqual(["an IPv4 address such as 192.0.2.1"]);
    expect(check.issues.get("members")?.[0]).toBe("at least two nodes");
  });

  it("passes a complete shared VIP and anycast site", () => {
    const vip = { ...newSiteDraft("shared-vip"), vip: "10.0.0.10", members: [node("a", 1, "10.0.0.11"), node("b", 2, "10.0.0.12")] };
    expect(checkSiteDraft(vip).count).toBe(0);
    const anycast = {
      ...newSiteDraft("anycast"),
      address: "198.51.100.80",
      members: [
        { device: "edge", role: "anycast-edge", asn: 65000 },
        { device: "s1", role: "anycast-server", interface: "eth1", address: "10.1.0.2", edgeAddress: "10.1.0.1", asn: 65001, preference: "preferred" },
      ],
    };
    expect(checkSiteDraft(anycast).issues).toEqual(new Map());
  });

  it("says what a name may be", () => {
    expect(checkSiteName("web")).toBeNull();
    expect(checkSiteName("Web 1")).toMatch(/lower-case letters/);
  });
});
