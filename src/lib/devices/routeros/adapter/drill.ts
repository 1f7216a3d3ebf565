import "server-only";
import { z } from "zod";
import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { quoteRouterOs } from "@/lib/domain/compile/routeros/quote";
import { ZInterfaceName, ZIPv4, ZLinkName } from "@/lib/domain/network";
import type { RouterOsClient } from "../api-client";
import { addItem, idsByName, printItems, removeItems } from "../push/commands";
import { WAYMARK_PREFIX } from "./describe";

// A failover drill on a MikroTik router: a filter rule at the top of chain=input drops what the link's netwatch
// target answers on the link's interface, so netwatch itself loses the link and its down-script fails it over.
// A scheduler job removes the rule (and itself) when the drill's time is up, whatever became of the dashboard: the
// push's own pattern for its rollback job (push/protection.ts). One drill block per router at most.

const FILTER = "/ip/firewall/filter";
const SCHEDULER = "/system/scheduler";
export const DRILL_JOB = "waymark-drill";
const DRILL_COMMENT = `${WAYMARK_PREFIX}drill:`;
export const drillComment = (link: string): string => `${DRILL_COMMENT}${link}`;

const ZBlocked = z.strictObject({
  link: ZLinkName,
  interface: ZInterfaceName,
  target: ZIPv4,
  /** tcp-conn netwatch: the port whose answers are dropped; null: ICMP. */
  port: z.number().int().min(1).max(65535).nullable(),
});
type Blocked = z.infer<typeof ZBlocked>;

/** The link's netwatch target and interface, from the pushed plan (and held to their grammars once more). */
export function blockedProbe(plan: RouterOsPlan, link: string): Blocked {
  const netwatch = plan.objects.find((o) => o.menu === "/tool/netwatch" && o.comment === `${WAYMARK_PREFIX}netwatch:${link}`);
  const arriving = plan.objects.find((o) => o.comment === `${WAYMARK_PREFIX}in:${link}`);
  if (!netwatch) throw new Error(`link ${link} has no netwatch on this router, so there is no detection to drill`);
  const tcp = netwatch.properties.type === "tcp-conn";
  return ZBlocked.parse({
    link,
    interface: arriving?.properties["in-interface"],
    target: netwatch.properties.host,
    port: tcp ? Number(netwatch.properties.port) : null,
  });
}

/** The job's script: take the rule away, then the job itself (plain menu commands: every version runs them). */
export const expiryScript = (link: string): string =>
  [`/ip firewall filter remove [find comment=${quoteRouterOs(drillComment(link))}]`, `/system scheduler remove [find name=${quoteRouterOs(DRILL_JOB)}]`].join(
    "\n",
  );

// The router's clock says seconds only (netwatch `since`), too coarse to time a detection by: deviceAtMs is null.
export async function blockOnRouter(client: RouterOsClient, plan: RouterOsPlan, link: string, expiresAfterSec: number): Promise<{ deviceAtMs: null }> {
  const blocked = blockedProbe(plan, link);
  await restoreOnRouter(client);
  // The job first: a block without its expiry must never exist, even for a moment.
  await addItem(client, SCHEDULER, { name: DRILL_JOB, interval: `${Math.max(1, Math.round(expiresAfterSec))}s`, "on-event": expiryScript(link) });
  const first = (await printItems(client, FILTER, { proplist: [".id"] }))[0]?.[".id"];
  const match: Record<string, string> = blocked.port === null ? { protocol: "icmp" } : { protocol: "tcp", "src-port": String(blocked.port) };
  // Above the admin's rules: an "accept established" first in chain=input would let the answers through.
  await addItem(
    client,
    FILTER,
    { chain: "input", "in-interface": blocked.interface, "src-address": blocked.target, ...match, action: "drop", comment: drillComment(link) },
    first,
  );
  return { deviceAtMs: null };
}

export async function restoreOnRouter(client: RouterOsClient): Promise<void> {
  await removeItems(client, SCHEDULER, await idsByName(client, SCHEDULER, DRILL_JOB));
  const rules = await printItems(client, FILTER, { proplist: [".id", "comment"] });
  const ours = rules.filter((r) => r.comment?.startsWith(DRILL_COMMENT)).map((r) => r[".id"] ?? "");
  await removeItems(
    client,
    FILTER,
    ours.filter((id) => id !== ""),
  );
}
