import { z } from "zod";
import type { SshSession } from "../ssh-client";
import { INSPECT_SCRIPT } from "./remote-scripts";

// What the gateway can do and what it runs now, from INSPECT_SCRIPT's `key=value` lines. Real sample (Debian 12
// gateway in the lab, after one push):
//
//   has.nft=yes
//   has.iptables-restore=yes
//   has.conntrack=yes
//   has.socat=yes
//   has.ping=yes
//   has.systemd-run=no
//   has.setsid=yes
//   systemd=no
//   nft.version=nftables v1.0.6 (Lester Gooch #5)
//   applied=5f0c…(64 hex)
//   table.sha256=9a1e…(64 hex)
//   table=present
export const ZGatewayInspection = z.object({
  has: z.record(z.string(), z.boolean()),
  systemd: z.boolean(),
  nftVersion: z.string(),
  appliedPlanHash: z.string().nullable(),
  tableHash: z.string().nullable(),
});
export type GatewayInspection = z.infer<typeof ZGatewayInspection>;

export function parseInspection(stdout: string): GatewayInspection {
  const fields = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const has: Record<string, boolean> = {};
  for (const [key, value] of fields) if (key.startsWith("has.")) has[key.slice(4)] = value === "yes";
  const hash = (value: string | undefined) => (value && /^[0-9a-f]{64}$/.test(value) ? value : null);
  return ZGatewayInspection.parse({
    has,
    systemd: fields.get("systemd") === "yes",
    nftVersion: fields.get("nft.version") ?? "",
    appliedPlanHash: hash(fields.get("applied")),
    tableHash: fields.get("table") === "present" ? hash(fields.get("table.sha256")) : null,
  });
}

export async function inspectGateway(session: SshSession): Promise<GatewayInspection> {
  const result = await session.exec(["sh", "-c", INSPECT_SCRIPT], { timeoutMs: 10_000 });
  return parseInspection(result.stdout);
}
