// Interface counters as /interface print shows them (rx-byte, tx-byte, rx-packet, tx-packet) and the rates
// monitor-traffic reports (rx-bits-per-second, ...), sampled once a second. The interface item's runtime is the
// only store, so a print always equals what the dataplane counted and reset-counters (zeroing it) just works.

import type { ConfigItem, RouterConfig } from "../config";

type Totals = { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number };

export type InterfaceCounters = {
  rx: (name: string, bytes: number, packets: number) => void;
  tx: (name: string, bytes: number, packets: number) => void;
  totals: (name: string) => Totals;
  /** Called once a second with the elapsed time since the previous call. */
  sampleRates: (elapsedMs: number) => void;
};

const read = (runtime: Record<string, string> | undefined, name: string) => Number(runtime?.[name] ?? "0") || 0;

const totalsOf = (item: ConfigItem | undefined): Totals => ({
  rxBytes: read(item?.runtime, "rx-byte"),
  rxPackets: read(item?.runtime, "rx-packet"),
  txBytes: read(item?.runtime, "tx-byte"),
  txPackets: read(item?.runtime, "tx-packet"),
});

const rate = (now: number, before: number, seconds: number) => String(Math.round(Math.max(0, now - before) / seconds));

/** `itemOf` finds an interface item by name (the compiled topology's map: no scan per packet). */
export const createInterfaceCounters = (config: RouterConfig, itemOf: (name: string) => ConfigItem | undefined): InterfaceCounters => {
  const previous = new Map<string, Totals>();
  const add = (name: string, bytesKey: string, packetsKey: string, bytes: number, packets: number) => {
    const runtime = itemOf(name)?.runtime;
    if (!runtime) return;
    runtime[bytesKey] = String(read(runtime, bytesKey) + bytes);
    runtime[packetsKey] = String(read(runtime, packetsKey) + packets);
  };

  return {
    rx: (name, bytes, packets) => add(name, "rx-byte", "rx-packet", bytes, packets),
    tx: (name, bytes, packets) => add(name, "tx-byte", "tx-packet", bytes, packets),
    totals: (name) => totalsOf(itemOf(name)),
    sampleRates: (elapsedMs) => {
      const seconds = Math.max(elapsedMs, 1) / 1000;
      for (const item of config.hasTable("interface") ? config.table("interface").items : []) {
        const now = totalsOf(item);
        const name = item.props.name ?? item.id;
        const before = previous.get(name) ?? now;
        previous.set(name, now);
        Object.assign(item.runtime, {
          "rx-bits-per-second": rate(now.rxBytes * 8, before.rxBytes * 8, seconds),
          "tx-bits-per-second": rate(now.txBytes * 8, before.txBytes * 8, seconds),
          "rx-packets-per-second": rate(now.rxPackets, before.rxPackets, seconds),
          "tx-packets-per-second": rate(now.txPackets, before.txPackets, seconds),
        });
      }
    },
  };
};
