import { obj, type CompileContext } from "./context";
import { emailLines, script, switchLine, type Alert, type ScriptAction, type SwitchableMenu } from "./netwatch";
import type { RouterOsObject } from "./types";

// A netwatch object: how it probes, plus scripts derived from the objects it switches. `switchedBy` is the single
// source of truth: an object names its netwatch, and that netwatch's scripts enable and disable exactly those
// objects, so the pusher and the scripts can never disagree about who owns an object's `disabled`.

export type WatchSpec = {
  /** The comment without the "waymark:" prefix. */
  id: string;
  probe: Record<string, string>;
  /** Lines run after the switching on down/up (connection flushes). */
  extra: { down: string[]; up: string[] };
  /** None for a probe that only reports (a drained or disabled backend's): nothing happens, nobody is alerted. */
  alert?: { down: Alert; up: Alert };
};

const SWITCHABLE: readonly string[] = ["/ip/route", "/ip/firewall/nat"];

export function netwatchObject(ctx: CompileContext, spec: WatchSpec, objects: readonly RouterOsObject[]): RouterOsObject {
  const comment = `waymark:${spec.id}`;
  const switched = objects.filter((o) => o.switchedBy?.netwatch === comment);
  const lines = (state: "up" | "down"): string[] =>
    switched.map((o) => {
      if (!SWITCHABLE.includes(o.menu)) throw new Error(`netwatch scripts cannot switch objects in ${o.menu}`);
      const action: ScriptAction = o.switchedBy!.enabledWhen === state ? "enable" : "disable";
      return switchLine(o.menu as SwitchableMenu, action, o.comment);
    });
  const recipients = ctx.intent.alerts?.email?.to ?? [];
  const body = (state: "up" | "down"): string[] => [...lines(state), ...spec.extra[state], ...(spec.alert ? emailLines(recipients, spec.alert[state]) : [])];
  // A script with nothing to do is left out rather than empty (an empty value is a bare switch to the pusher).
  const scripts = Object.fromEntries(
    (["down", "up"] as const).flatMap((state) => (body(state).length === 0 ? [] : [[`${state}-script`, script(body(state))]])),
  );
  return obj("/tool/netwatch", spec.id, { ...spec.probe, ...scripts });
}

/** Fixed alert texts: names and addresses come from the intent's grammars and are checked again by emailLines. */
export const ALERTS = {
  link: (link: string, target: string): { down: Alert; up: Alert } => ({
    down: {
      subject: `Waymark: link ${link} is down`,
      body: `Netwatch on this router lost ${target} through link ${link}: its routes are disabled and its traffic moves to the remaining links.`,
    },
    up: {
      subject: `Waymark: link ${link} is up`,
      body: `Netwatch on this router reaches ${target} through link ${link} again: its routes are enabled.`,
    },
  }),
  backend: (pool: string, backend: string, at: string): { down: Alert; up: Alert } => ({
    down: {
      subject: `Waymark: backend ${pool}/${backend} is down`,
      body: `Netwatch on this router lost backend ${backend} (${at}) of pool ${pool}: its rules are disabled and its share goes to the next live backend.`,
    },
    up: {
      subject: `Waymark: backend ${pool}/${backend} is up`,
      body: `Netwatch on this router reaches backend ${backend} (${at}) of pool ${pool} again: it takes its share of new connections.`,
    },
  }),
};
