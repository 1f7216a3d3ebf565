// A Waymark ruleset (the nft -f file or the iptables-restore input the compiler writes, and the copy a confirmed
// push keeps in /etc/waymark/applied/ruleset) split into the objects a preview counts: named objects (nft counters,
// sets, maps, chain declarations; iptables chains) and each chain's rules in order. Both texts come from the same
// compiler, so equal objects are equal text; nothing here parses what `nft list` prints.
//
// nft input (compile/linux/nft-ruleset.ts, its snapshot):        iptables input (iptables-ruleset.ts):
//   table inet waymark                                            *mangle
//   delete table inet waymark                                     :WAYMARK_PRE - [0:0]
//   table inet waymark {                                          -A WAYMARK_PRE -j CONNMARK --restore-mark …
//   	counter new_isp_a { comment "new connections …" }         COMMIT
//   	set links_up {
//   		typeof meta mark
//   		elements = { 0x100, 0x200 }
//   	}
//   	chain prerouting {
//   		type filter hook prerouting priority mangle; policy accept;
//   		meta nfproto != ipv4 return
//   	}
//   }

export type RulesetObjects = {
  /** "nft set links_up" → its body, one line per statement. */
  objects: Map<string, string>;
  /** "nft chain prerouting" → its rules, in order. */
  rules: Map<string, string[]>;
};

const significant = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

const braces = (line: string): number => (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);

export function rulesetObjects(ruleset: string): RulesetObjects {
  const lines = significant(ruleset);
  return lines.some((l) => l.startsWith("*")) ? iptablesObjects(lines) : nftObjects(lines);
}

function nftObjects(lines: string[]): RulesetObjects {
  const objects = new Map<string, string>();
  const rules = new Map<string, string[]>();
  let depth = 0;
  let open: { key: string; body: string[]; chain: boolean; depth: number } | null = null;
  for (const line of lines) {
    const before = depth;
    depth += braces(line);
    if (before === 1 && open === null) {
      const [kind = "", name = ""] = line.split(/\s+/);
      const key = `nft ${kind} ${name}`;
      if (depth === 1) objects.set(key, line);
      else open = { key, body: [], chain: kind === "chain", depth: before };
      if (open?.chain) rules.set(key, []);
      continue;
    }
    if (open === null) continue;
    if (depth <= open.depth) {
      objects.set(open.key, open.body.join("\n"));
      open = null;
      continue;
    }
    const isRule = open.chain && before === open.depth + 1 && !/^(type|policy) /.test(line);
    if (isRule) rules.get(open.key)!.push(line);
    else if (open.chain && before > open.depth + 1) {
      // A rule spread over lines (an anonymous set written out): part of the rule above.
      const chainRules = rules.get(open.key)!;
      chainRules[chainRules.length - 1] = `${chainRules.at(-1) ?? ""} ${line}`;
    } else open.body.push(line);
  }
  return { objects, rules };
}

function iptablesObjects(lines: string[]): RulesetObjects {
  const objects = new Map<string, string>();
  const rules = new Map<string, string[]>();
  let table = "";
  for (const line of lines) {
    if (line.startsWith("*")) table = line.slice(1);
    const chain = /^:(\S+)/.exec(line)?.[1];
    if (chain) {
      objects.set(`iptables ${table} chain ${chain}`, chain);
      rules.set(`iptables ${table} chain ${chain}`, []);
    }
    const rule = /^-A (\S+) (.*)$/.exec(line);
    if (rule) {
      const key = `iptables ${table} chain ${rule[1]}`;
      rules.set(key, [...(rules.get(key) ?? []), rule[2]!]);
    }
  }
  return { objects, rules };
}
