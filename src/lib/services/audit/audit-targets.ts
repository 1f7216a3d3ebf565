import "server-only";
import type { Db } from "@/lib/db/client";

// The audit log stores ids (a device, a user, a token) so it stays true when things are renamed; the screen and the
// export show names. What an action is about follows from its name: device.*, policy.*, plan.*, push.*, pools.*,
// drill.* name a device (as its bare id or "device:<id>"), site.* a site, user.* a user, token.* a token. A deleted thing keeps
// its id, marked "(deleted)".

const DEVICE_ACTIONS = /^(device|policy|plan|push|pools|drill|counters)\./;

type Kind = "device" | "site" | "user" | "token";

function kindOf(action: string): Kind | null {
  if (action === "device.test-new-connection") return null;
  if (DEVICE_ACTIONS.test(action)) return "device";
  if (action.startsWith("site.")) return "site";
  if (action.startsWith("user.")) return "user";
  if (action.startsWith("token.")) return "token";
  return null;
}

const bareId = (target: string) => target.replace(/^device:/, "");

export async function targetNames(db: Db, events: readonly { action: string; target: string | null }[]): Promise<(string | null)[]> {
  const ids = (kind: Kind) => [...new Set(events.filter((e) => e.target && kindOf(e.action) === kind).map((e) => bareId(e.target!)))];
  const [devices, sites, users, tokens] = await Promise.all([
    db.device.findMany({ where: { id: { in: ids("device") } }, select: { id: true, name: true } }),
    db.site.findMany({ where: { id: { in: ids("site") } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, username: true } }),
    db.apiToken.findMany({ where: { id: { in: ids("token") } }, select: { id: true, name: true } }),
  ]);
  const names: Record<Kind, Map<string, string>> = {
    device: new Map(devices.map((d) => [d.id, d.name])),
    site: new Map(sites.map((d) => [d.id, d.name])),
    user: new Map(users.map((u) => [u.id, u.username])),
    token: new Map(tokens.map((t) => [t.id, t.name])),
  };
  return events.map((e) => {
    const kind = kindOf(e.action);
    if (!e.target || kind === null) return e.target;
    const id = bareId(e.target);
    return names[kind].get(id) ?? `${id} (deleted)`;
  });
}
