// One firewall table (mangle, nat or filter) compiled into chains, and the walk through a chain: rules top-down,
// jump into user chains and return from them, stop at a terminal action. Only a rule whose matchers all hold counts
// the batch (its bytes/packets).

import type { ConfigItem, RouterConfig } from "../../config";
import type { Packet } from "../packet";
import { enabledItems, isTrue, type Topology } from "../topology";
import { compileMatchers, type Matcher } from "./matchers";

export type CompiledRule = {
  item: ConfigItem;
  chain: string;
  action: string;
  props: Readonly<Record<string, string>>;
  matches: Matcher;
  /** passthrough=no stops the chain after a marking action. */
  passthrough: boolean;
  log: boolean;
};

export type RuleTable = ReadonlyMap<string, readonly CompiledRule[]>;

export type RuleOutcome = "continue" | "accept" | "drop" | "return" | { jump: string };

export type RuleSink = {
  count: (rule: CompiledRule, packet: Packet) => void;
};

// Deep enough for any sane jump structure; a loop of jumps on a real router is refused at configuration time.
const MAX_JUMP_DEPTH = 32;

export const compileRuleTable = (config: RouterConfig, path: string, topology: Topology): RuleTable => {
  const chains = new Map<string, CompiledRule[]>();
  for (const item of enabledItems(config, path)) {
    const { chain, action = "accept", passthrough } = item.props;
    if (chain === undefined) continue;
    const rule: CompiledRule = {
      item,
      chain,
      action,
      props: item.props,
      matches: compileMatchers(item.props, topology),
      passthrough: passthrough === undefined || isTrue(passthrough),
      log: isTrue(item.props.log),
    };
    const rules = chains.get(chain);
    if (rules) rules.push(rule);
    else chains.set(chain, [rule]);
  }

  return chains;
};

/**
 * Runs `packet` through `chain`; `act` applies a matched rule's action. The result is the table's verdict for this
 * hook: "accept" (fell off the built-in chain or an accepting action) or "drop".
 */
export const runChain = (
  table: RuleTable,
  chain: string,
  packet: Packet,
  act: (rule: CompiledRule, packet: Packet) => RuleOutcome,
  sink: RuleSink,
): "accept" | "drop" => {
  const stack: { rules: readonly CompiledRule[]; next: number }[] = [{ rules: table.get(chain) ?? [], next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const rule = frame.rules[frame.next++];
    if (rule === undefined) {
      stack.pop(); // end of a user chain returns to the caller; end of the built-in chain accepts
      continue;
    }
    if (!rule.matches(packet)) continue;
    sink.count(rule, packet);
    const outcome = act(rule, packet);
    if (outcome === "accept" || outcome === "drop") return outcome;
    if (outcome === "return") stack.pop();
    else if (outcome !== "continue" && stack.length < MAX_JUMP_DEPTH) stack.push({ rules: table.get(outcome.jump) ?? [], next: 0 });
  }

  return "accept";
};

/** Actions every table shares; `undefined` means the table's own handler must decide. */
export const commonOutcome = (rule: CompiledRule): RuleOutcome | undefined => {
  switch (rule.action) {
    case "accept":
      return "accept";
    case "drop":
    case "reject":
    case "tarpit":
      return "drop";
    case "return":
      return "return";
    case "jump":
      return rule.props["jump-target"] ? { jump: rule.props["jump-target"] } : "continue";
    case "log":
    case "passthrough":
    case "add-src-to-address-list":
    case "add-dst-to-address-list":
      return "continue";
    default:
      return undefined;
  }
};
