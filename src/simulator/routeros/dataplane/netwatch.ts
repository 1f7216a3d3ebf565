// /tool/netwatch probing. Each enabled entry pings its host every `interval`, routed by the router's own routing
// (so a host route through a dead gateway fails); a missing answer counts once `timeout` has passed. status goes
// unknown → up/down; on a change the entry's up-script or down-script runs (unless ignore-initial-up/-down says
// not to on the first one) and the log says "netwatch,info event up [ type: simple, host: 8.8.8.8 ]".
// Any change to an entry forgets its status (the menu does that) and restarts its probing here.

import type { SimClock, TimerId } from "../clock";
import type { ConfigItem, RouterConfig } from "../config";
import { parseDuration } from "../duration";
import { isTrue } from "./topology";
import { parseIp } from "./ip";

export const NETWATCH_PATH = "tool/netwatch";

export type NetwatchDeps = {
  config: RouterConfig;
  clock: SimClock;
  v7: boolean;
  /** A ping from the router (routed, through mangle output); true when answered. */
  ping: (host: number) => boolean;
  formatDate: (ms: number) => string;
  log: (topics: string, message: string) => void;
  runScript: (source: string, origin: string) => Promise<void>;
};

type Watch = { item: ConfigItem; signature: string; timers: Set<TimerId>; pendingDown: Set<TimerId> };

const durationOr = (text: string | undefined, fallbackMs: number) => (text === undefined ? fallbackMs : (parseDuration(text) ?? fallbackMs));

export const startNetwatch = (deps: NetwatchDeps) => {
  const { config, clock, v7 } = deps;
  const watches = new Map<string, Watch>();

  const bump = (runtime: Record<string, string>, name: string) => {
    runtime[name] = String(Number(runtime[name] ?? "0") + 1);
  };

  const transition = async (watch: Watch, status: "up" | "down") => {
    const { runtime, props } = watch.item;
    const previous = runtime.status ?? "unknown";
    if (previous === status) return;
    runtime.status = status;
    runtime.since = deps.formatDate(clock.now());
    deps.log("netwatch,info", `event ${status} [ type: ${props.type ?? "simple"}, host: ${props.host ?? ""} ]`);
    if (previous === "unknown" && isTrue(props[status === "up" ? "ignore-initial-up" : "ignore-initial-down"])) return;
    const source = props[status === "up" ? "up-script" : "down-script"] ?? "";
    if (source.trim() !== "") await deps.runScript(source, `netwatch:${props.host ?? watch.item.id}`).catch(() => undefined);
  };

  const probe = async (watch: Watch, timeoutMs: number) => {
    const host = parseIp(watch.item.props.host ?? "");
    const answered = host !== null && deps.ping(host);
    if (v7) bump(watch.item.runtime, "done-tests");
    if (answered) {
      // A reply within the timeout of an earlier probe means that probe's loss never counts.
      for (const id of watch.pendingDown) clock.cancel(id);
      watch.pendingDown.clear();
      return transition(watch, "up");
    }
    if (v7) bump(watch.item.runtime, "failed-tests");
    // The failure is known only when the timeout runs out; by then a changed entry is a different watch.
    const timer = clock.after(timeoutMs, () => {
      watch.pendingDown.delete(timer);
      return watches.get(watch.item.id) === watch ? transition(watch, "down") : undefined;
    });
    watch.pendingDown.add(timer);
  };

  const stop = (watch: Watch) => {
    for (const id of [...watch.timers, ...watch.pendingDown]) clock.cancel(id);
  };

  const start = (item: ConfigItem, signature: string): Watch => {
    const watch: Watch = { item, signature, timers: new Set(), pendingDown: new Set() };
    const intervalMs = Math.max(10, durationOr(item.props.interval, v7 ? 10_000 : 60_000));
    const timeoutMs = durationOr(item.props.timeout, v7 ? 3_000 : 1_000);
    const startDelayMs = v7 ? durationOr(item.props["start-delay"], 3_000) : 0;
    delete item.runtime.status;
    delete item.runtime.since;
    const first = clock.after(startDelayMs, () => {
      watch.timers.delete(first);
      watch.timers.add(clock.every(intervalMs, () => probe(watch, timeoutMs)));
      return probe(watch, timeoutMs);
    });
    watch.timers.add(first);

    return watch;
  };

  const sync = () => {
    const items = config.hasTable(NETWATCH_PATH) ? config.table(NETWATCH_PATH).items : [];
    const wanted = new Map(items.filter((item) => !isTrue(item.props.disabled)).map((item) => [item.id, item]));
    for (const [id, watch] of watches) {
      const item = wanted.get(id);
      if (item === watch.item && JSON.stringify(item.props) === watch.signature) continue;
      stop(watch);
      watches.delete(id);
    }
    for (const [id, item] of wanted) if (!watches.has(id)) watches.set(id, start(item, JSON.stringify(item.props)));
  };

  let pending = false;
  const unsubscribe = config.onChange((path) => {
    if ((path !== NETWATCH_PATH && path !== "") || pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      sync();
    });
  });
  sync();

  return {
    dispose: () => {
      unsubscribe();
      watches.forEach(stop);
      watches.clear();
    },
  };
};
