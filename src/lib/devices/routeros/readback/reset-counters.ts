import "server-only";

// Zeroes the counters of Waymark's firewall rules and of nothing else: the admin's own rules keep counting.
// `/ip/firewall/{mangle,nat}/reset-counters` takes `numbers` (schema of every version 6.49–7.24: the only argument;
// arg-desc "see documentation": comma-separated item ids, as for set/remove). reset-counters-all would zero the
// admin's rules too, so it is never used.

import type { RouterOsClient } from "../api-client";
import { WAYMARK_PREFIX } from "../adapter/describe";
import { SHOWN_TABLES } from "./state";

/** How many of Waymark's rules were reset. */
export async function resetWaymarkCounters(client: RouterOsClient): Promise<number> {
  let reset = 0;
  for (const menu of SHOWN_TABLES) {
    const { rows } = await client.command([`${menu}/print`, "=.proplist=.id,comment"]);
    const ids = rows.filter((r) => r.comment?.startsWith(WAYMARK_PREFIX) && r[".id"]).map((r) => r[".id"]!);
    if (ids.length === 0) continue;
    await client.command([`${menu}/reset-counters`, `=numbers=${ids.join(",")}`]);
    reset += ids.length;
  }
  return reset;
}
