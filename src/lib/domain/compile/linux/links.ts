import type { Intent } from "../../intent";
import * as guard from "./guard";
import { linkCounters, linkMark, linkTable } from "./layout";

// Each link with the device names derived from it, every value re-checked (guard.ts) once, here.

export type LinkModel = {
  index: number;
  name: string;
  interface: string;
  gateway: string;
  mark: number;
  table: number;
  weight: number;
  tier: number;
  counters: ReturnType<typeof linkCounters>;
};

export function linkModels(intent: Intent): LinkModel[] {
  return intent.links.map((link, index) => ({
    index,
    name: guard.linkName(link.name),
    interface: guard.interfaceName(link.interface),
    gateway: guard.ipv4(link.gateway),
    mark: linkMark(index),
    table: linkTable(index),
    weight: guard.integer(link.weight, 1, 100),
    tier: guard.integer(link.tier, 1, 5),
    counters: linkCounters(link.name),
  }));
}

export type PinModel = { source?: string; destination?: string; link: LinkModel; comment: string };

export function pinModels(intent: Intent, links: readonly LinkModel[]): PinModel[] {
  return intent.outbound.pinned.map((pin) => {
    const link = links.find((l) => l.name === pin.link);
    if (!link) throw new guard.CompileGrammarError("pinned link", pin.link);
    return {
      ...(pin.source === undefined ? {} : { source: guard.prefix(pin.source) }),
      ...(pin.destination === undefined ? {} : { destination: guard.prefix(pin.destination) }),
      link,
      comment: guard.comment(pin.comment),
    };
  });
}

export function lanInterfaces(intent: Intent): string[] {
  return intent.outbound.lanInterfaces.map(guard.interfaceName);
}

export function lanSources(intent: Intent): string[] {
  return intent.outbound.lanSources.map(guard.prefix);
}
