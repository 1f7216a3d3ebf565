import { z } from "zod";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { GATEWAY_PATHS, NFT_DRILL_TABLE } from "@/lib/domain/compile/linux/layout";
import { ZIPv4, ZLinkName, ZLinuxInterfaceName } from "@/lib/domain/network";
import { MARK, markersOf, ROOT_CHECK, type RootSession } from "./push/script-kit";
import { shellJoin } from "./shell";

// A failover drill on a Linux gateway: a table of its own (`inet waymark_drill`, input hook ahead of everything
// else) drops the replies to one link's health probes where they arrive on that link's interface, so the on-gateway
// monitor loses its probes and fails the link over by itself. The block carries its own expiry, armed before the
// table is loaded: a systemd transient timer where systemd runs, else a detached sleeper in its own session (as
// the push's dead-man switch, remote-scripts.ts armScript), so a dashboard that stops mid-drill never leaves the
// link blocked. There is one drill block per gateway at most; a new block or a restore ends any earlier expiry.

const TABLE = `${NFT_DRILL_TABLE.family} ${NFT_DRILL_TABLE.name}`;
const DROP = `nft delete table ${TABLE} 2>/dev/null; rm -f ${GATEWAY_PATHS.drillPid}`;

/** What of a plan's link the block needs, each value held again to its grammar (it is written into a ruleset). */
const ZBlockedLink = z.strictObject({
  name: ZLinkName,
  interface: ZLinuxInterfaceName,
  type: z.enum(["icmp", "tcp"]),
  port: z.number().int().min(1).max(65535).nullable(),
  targets: z.array(ZIPv4).min(1).max(8),
});

export function blockedLink(plan: LinuxPlan, link: string): z.infer<typeof ZBlockedLink> {
  const found = plan.monitor.links.find((l) => l.name === link);
  if (!found) throw new Error(`the pushed policy has no link ${link}`);
  return ZBlockedLink.parse({ name: found.name, interface: found.interface, type: found.probe.type, port: found.probe.port, targets: found.probe.targets });
}

/** The drill's ruleset: ICMP echo replies, or TCP segments from the probed port, from the link's probe targets. */
export function drillRuleset(link: z.infer<typeof ZBlockedLink>): string {
  const match = link.type === "icmp" ? "icmp type echo-reply" : `tcp sport ${link.port ?? 0}`;
  return [
    `table ${TABLE} {`,
    "  chain input {",
    // At raw priority, ahead of conntrack and of any filter of the admin's that would accept replies first.
    "    type filter hook input priority -300; policy accept;",
    `    iifname "${link.interface}" ip saddr { ${link.targets.join(", ")} } ${match} counter drop`,
    "  }",
    "}",
    "",
  ].join("\n");
}

const stopExpiry = [
  `systemctl stop ${GATEWAY_PATHS.drillUnit}.timer 2>/dev/null || true`,
  `systemctl reset-failed ${GATEWAY_PATHS.drillUnit}.service ${GATEWAY_PATHS.drillUnit}.timer 2>/dev/null || true`,
  `if [ -f ${GATEWAY_PATHS.drillPid} ]; then kill -- "-$(cat ${GATEWAY_PATHS.drillPid})" 2>/dev/null || true; rm -f ${GATEWAY_PATHS.drillPid}; fi`,
];

export function blockScript(expiresAfterSec: number): string {
  const seconds = Math.max(1, Math.round(expiresAfterSec));
  return [
    ROOT_CHECK,
    "set -eu",
    "command -v nft >/dev/null 2>&1 || { echo 'a failover drill needs nft on the gateway' >&2; exit 3; }",
    `mkdir -p ${GATEWAY_PATHS.runDir}`,
    ...stopExpiry,
    "if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1; then",
    `  systemd-run --quiet --unit=${GATEWAY_PATHS.drillUnit} --on-active=${seconds}s --timer-property=AccuracySec=100ms /bin/sh -c ${shellJoin([DROP])}`,
    "else",
    `  setsid -f /bin/sh -c ${shellJoin([`echo $$ > ${GATEWAY_PATHS.drillPid}; sleep ${seconds}; ${DROP}`])} </dev/null >/dev/null 2>&1`,
    "fi",
    // The ruleset arrives on standard input; the table is replaced whole, in one transaction.
    `{ echo 'table ${TABLE}'; echo 'delete table ${TABLE}'; cat; } | nft -f -`,
    // The gateway's clock, the one the monitor dates its verdicts by (GNU date; busybox prints no digits for %3N).
    `echo "${MARK}blocked $(date +%s%3N)"`,
  ].join("\n");
}

export const restoreScript = (): string => [ROOT_CHECK, ...stopExpiry, `nft delete table ${TABLE} 2>/dev/null || true`].join("\n");

export async function blockOnGateway(session: RootSession, plan: LinuxPlan, link: string, expiresAfterSec: number): Promise<{ deviceAtMs: number | null }> {
  const ruleset = drillRuleset(blockedLink(plan, link));
  const result = await session.exec(["sh", "-c", blockScript(expiresAfterSec)], { timeoutMs: 15_000, stdin: ruleset });
  if (result.code !== 0) throw new Error(`the gateway refused the drill's block: ${result.stderr.trim() || `exit ${result.code}`}`);
  const at = markersOf(result.stdout).find((m) => m.kind === "blocked")?.words[0] ?? "";
  return { deviceAtMs: /^\d{13}$/.test(at) ? Number(at) : null };
}

export async function restoreOnGateway(session: RootSession): Promise<void> {
  const result = await session.exec(["sh", "-c", restoreScript()], { timeoutMs: 15_000 });
  if (result.code !== 0) throw new Error(`the gateway did not lift the drill's block: ${result.stderr.trim() || `exit ${result.code}`}`);
}
