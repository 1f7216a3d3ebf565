import type { SiteRoleSupport } from "@/lib/domain/device/capabilities";

// Which site roles (domain/site) a Linux host can take, from the tools inspection found. What each role runs:
//   vip-node: an nftables table (the buckets it answers) and the heartbeat daemon (perl-base);
//   anycast-server: BIRD 2 (bird, birdc), the health daemon (perl-base) and an nftables counters table;
//   anycast-edge: BIRD 2 and an nftables counters table per next hop.
// The site compilers say the `why` to the admin as is, so it names the Debian package to install.

type Tools = { has: Record<string, boolean>; nftVersion: string; birdVersion: string };

const NEEDS = {
  nft: "nftables is missing (apt install nftables)",
  perl: "perl is missing (apt install perl-base)",
  bird: "bird2 is not installed (apt install bird2)",
} as const;

export function siteRoleSupport(tools: Tools): SiteRoleSupport[] {
  const has = (tool: string) => tools.has[tool] === true;
  const missing = (needs: (keyof typeof NEEDS)[]) => needs.filter((n) => (n === "bird" ? !(has("bird") && has("birdc")) : !has(n))).map((n) => NEEDS[n]);
  const bird2 = /^BIRD version 2\./.test(tools.birdVersion);
  const role = (name: SiteRoleSupport["role"], needs: (keyof typeof NEEDS)[], software: string | null): SiteRoleSupport => {
    const why: string[] = missing(needs);
    // BIRD 1.x speaks another configuration language; Waymark writes BIRD 2's.
    if (needs.includes("bird") && why.length === 0 && !bird2)
      why.push(`Waymark writes BIRD 2 configuration; this host has ${tools.birdVersion || "an unknown BIRD"} (apt install bird2)`);
    return { role: name, available: why.length === 0, why: why.length === 0 ? null : why.join("; "), software };
  };
  const bird = tools.birdVersion.replace(/^BIRD version /, "BIRD ") || null;
  return [
    role("vip-node", ["nft", "perl"], tools.nftVersion || null),
    role("anycast-server", ["bird", "perl", "nft"], bird),
    role("anycast-edge", ["bird", "nft"], bird),
  ];
}
