// What matched rules do to a packet, per table. NAT actions are terminal for the chain (NAT sees only a
// connection's first packet); marking actions continue unless passthrough=no.

import { parseAddressRange } from "../ip";
import type { Packet } from "../packet";
import { hashWords } from "./pcc";
import { commonOutcome, type CompiledRule, type RuleOutcome } from "./chains";

export type ActionEffects = {
  addToAddressList: (list: string, address: number, timeout: string | undefined) => void;
  /** Address of an interface (masquerade, redirect). */
  addressOf: (interfaceName: string) => number | undefined;
};

const sideEffects = (rule: CompiledRule, packet: Packet, effects: ActionEffects) => {
  const list = rule.props["address-list"];
  if (list === undefined) return;
  if (rule.action === "add-src-to-address-list") effects.addToAddressList(list, packet.src, rule.props["address-list-timeout"]);
  if (rule.action === "add-dst-to-address-list") effects.addToAddressList(list, packet.dst, rule.props["address-list-timeout"]);
};

const markValue = (value: string | undefined) => (value === undefined || value === "no-mark" ? undefined : value);

export const mangleAction =
  (effects: ActionEffects) =>
  (rule: CompiledRule, packet: Packet): RuleOutcome => {
    sideEffects(rule, packet, effects);
    const common = commonOutcome(rule);
    if (common !== undefined) return common;
    switch (rule.action) {
      case "mark-connection":
        packet.conn.mark = markValue(rule.props["new-connection-mark"]);
        break;
      case "mark-packet":
        packet.packetMark = markValue(rule.props["new-packet-mark"]);
        break;
      case "mark-routing":
        // PCC manual: "Action mark-routing can be used only in mangle chain output and prerouting".
        if (packet.hook === "prerouting" || packet.hook === "output") packet.routingMark = markValue(rule.props["new-routing-mark"]);
        break;
      default:
        break; // change-mss, change-ttl, set-priority, ...: nothing the simulator observes
    }

    return rule.passthrough ? "continue" : "accept";
  };

export const filterAction =
  (effects: ActionEffects) =>
  (rule: CompiledRule, packet: Packet): RuleOutcome => {
    sideEffects(rule, packet, effects);

    return commonOutcome(rule) ?? "continue"; // fasttrack-connection is followed by its accept rule
  };

// One address (and port) per connection from a to-addresses / to-ports range, stable for the same endpoints.
const pickFrom = (range: string | undefined, seed: number[], parse: (text: string) => { from: number; to: number } | null) => {
  const parsed = range === undefined ? null : parse(range);
  if (parsed === null) return undefined;

  return parsed.from + (hashWords(seed, 0x4a7) % (parsed.to - parsed.from + 1));
};

const parsePortRange = (text: string) => {
  const [from, to = from] = text.split("-").map(Number);
  return Number.isInteger(from) && Number.isInteger(to) && from! <= to! ? { from: from!, to: to! } : null;
};

const translate = (rule: CompiledRule, packet: Packet, side: "src" | "dst", address: number | undefined) => {
  const seed = [packet.src, packet.dst, packet.srcPort ?? 0, packet.dstPort ?? 0];
  const port = pickFrom(rule.props["to-ports"], seed, parsePortRange);
  if (side === "dst") {
    packet.dst = address ?? packet.dst;
    if (port !== undefined && packet.dstPort !== undefined) packet.dstPort = port;
    packet.conn.dstNat = true;
  } else {
    packet.src = address ?? packet.src;
    if (port !== undefined && packet.srcPort !== undefined) packet.srcPort = port;
    packet.conn.srcNat = true;
  }
};

const netmap = (range: string | undefined, original: number): number | undefined => {
  const parsed = range === undefined ? null : parseAddressRange(range);
  if (parsed === null) return undefined;
  const hostMask = (parsed.to - parsed.from) >>> 0;

  return ((parsed.from & ~hostMask) | (original & hostMask)) >>> 0;
};

export const natAction =
  (effects: ActionEffects) =>
  (rule: CompiledRule, packet: Packet): RuleOutcome => {
    sideEffects(rule, packet, effects);
    const common = commonOutcome(rule);
    if (common !== undefined) return common;
    const seed = [packet.src, packet.dst];
    const toAddress = () => pickFrom(rule.props["to-addresses"], seed, parseAddressRange);
    switch (rule.action) {
      case "dst-nat":
        translate(rule, packet, "dst", toAddress());
        return "accept";
      case "redirect":
        translate(rule, packet, "dst", packet.inInterface === undefined ? undefined : effects.addressOf(packet.inInterface));
        return "accept";
      case "src-nat":
      case "same":
        translate(rule, packet, "src", toAddress());
        return "accept";
      case "masquerade":
        translate(rule, packet, "src", packet.outInterface === undefined ? undefined : effects.addressOf(packet.outInterface));
        packet.conn.masquerade = true;
        return "accept";
      case "netmap":
        translate(
          rule,
          packet,
          packet.hook === "prerouting" ? "dst" : "src",
          netmap(rule.props["to-addresses"], packet.hook === "prerouting" ? packet.dst : packet.src),
        );
        return "accept";
      default:
        return "continue"; // endpoint-independent-nat, socksify: not modelled
    }
  };
