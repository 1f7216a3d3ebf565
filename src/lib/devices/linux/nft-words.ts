// nft rule expressions (libnftables-json(5)) in words, for the live counters: what a rule matches and what it
// does. Pure. Expressions it does not know are written back in nft's own terms, never dropped, so a rule is
// never shown as matching more than it does. Samples: see nft-rules.ts.

export type Expr = unknown;
type Obj = Record<string, unknown>;

/** Names the words use for Waymark's own values: link marks → link names. */
export type WordContext = { linkOfMark: ReadonlyMap<number, string> };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const only = (v: Obj): [string, unknown] => Object.entries(v)[0] ?? ["", null];

const hex = (n: number) => `0x${n.toString(16)}`;

/** A value on the right of a match or in a statement: "wan1", "192.168.10.0/24", "set lan_sources". */
export function value(v: unknown, ctx: WordContext, key = ""): string {
  if (typeof v === "string") return v.startsWith("@") ? `set ${v.slice(1)}` : v;
  if (typeof v === "number") return key === "mark" ? (ctx.linkOfMark.get(v) ?? hex(v)) : String(v);
  if (Array.isArray(v)) return v.map((x) => value(x, ctx, key)).join(", ");
  if (!isObj(v)) return String(v);
  const [name, inner] = only(v);
  if (name === "set") return value(inner, ctx, key);
  if (name === "prefix" && isObj(inner)) return `${value(inner.addr, ctx)}/${value(inner.len, ctx)}`;
  if (name === "range" && Array.isArray(inner)) return `${value(inner[0], ctx)}-${value(inner[1], ctx)}`;
  return subject(v, ctx);
}

/** The thing a match tests: "in-interface", "destination", "connection state"… in nft's terms when unknown. */
export function subject(v: unknown, ctx: WordContext): string {
  if (!isObj(v)) return value(v, ctx);
  const [name, inner] = only(v);
  if (!isObj(inner) && !Array.isArray(inner)) return name;
  if (name === "meta" && isObj(inner)) return `meta ${String(inner.key)}`;
  if (name === "ct" && isObj(inner)) return `ct ${String(inner.key)}`;
  if (name === "payload" && isObj(inner)) return `${String(inner.protocol)} ${String(inner.field)}`;
  if (name === "fib" && isObj(inner)) return `fib ${(inner.flags as string[] | undefined)?.join(" . ") ?? ""} ${String(inner.result)}`;
  if (name === "numgen" && isObj(inner)) return `numgen ${String(inner.mode)} mod ${String(inner.mod)}`;
  if (name === "&" && Array.isArray(inner)) return `${subject(inner[0], ctx)} & ${value(inner[1], ctx)}`;
  if (name === "|" && Array.isArray(inner)) return `${subject(inner[0], ctx)} | ${value(inner[1], ctx)}`;
  if (name === "map" && isObj(inner)) return `${subject(inner.key, ctx)} map ${value(inner.data, ctx)}`;
  if (name === "concat" && Array.isArray(inner)) return inner.map((part) => subject(part, ctx)).join(" . ");
  return name;
}

const COUNTED_PER: Record<string, string> = { "meta oifname": "out-interface", "meta iifname": "in-interface", "meta mark & 65280": "link" };

const negate = (op: unknown) => (op === "!=" ? "not " : "");

/** One match in words: "in wan1", "not ipv4", "tcp to port 25", "new connections", "from set lan_sources". */
export function describeOneMatch(match: Obj, ctx: WordContext): string {
  const { left, right, op } = match;
  const not = negate(op);
  if (isObj(left)) {
    const [name, inner] = only(left);
    const key = isObj(inner) ? String(inner.key ?? "") : "";
    if (name === "meta" && (key === "iifname" || key === "iif")) return `in ${not}${value(right, ctx)}`;
    if (name === "meta" && (key === "oifname" || key === "oif")) return `out ${not}${value(right, ctx)}`;
    if (name === "meta" && key === "nfproto") return `${not}${value(right, ctx)}`;
    if (name === "meta" && key === "l4proto") return `${not}${value(right, ctx)}`;
    if (name === "ct" && key === "state") return `${not}${value(right, ctx)} connections`;
    if (name === "ct" && key === "mark") return `connection mark ${not}${value(right, ctx, "mark")}`;
    if (name === "payload" && isObj(inner)) {
      const field = String(inner.field);
      const proto = String(inner.protocol);
      if (field === "saddr") return `from ${not}${value(right, ctx)}`;
      if (field === "daddr") return `to ${not}${value(right, ctx)}`;
      if (field === "dport") return `${proto} to port ${not}${value(right, ctx)}`;
      if (field === "sport") return `${proto} from port ${not}${value(right, ctx)}`;
    }
    if (name === "fib" && isObj(inner) && inner.result === "type") return `to ${not}${value(right, ctx)} addresses`;
    // Waymark's link bits of the mark: "a link chosen" / "no link chosen yet".
    if (name === "&" && Array.isArray(inner) && subject(inner[0], ctx) === "meta mark" && right === 0)
      return op === "!=" ? "link already chosen" : "no link chosen yet";
  }
  const opWord = op === "==" || op === "in" || op === undefined ? "" : ` ${String(op)}`;
  return `${subject(left, ctx)}${opWord} ${value(right, ctx)}`;
}

/** A statement in words, or null for a counter (counted apart). */
export function describeStatement(stmt: Obj, ctx: WordContext): string | null {
  const [name, inner] = only(stmt);
  switch (name) {
    case "counter":
      // A map of named counters counts each packet in the one its key picks: say what it counts per.
      return isObj(inner) && isObj(inner.map) ? `count per ${COUNTED_PER[subject((inner.map as Obj).key, ctx)] ?? subject((inner.map as Obj).key, ctx)}` : null;
    case "accept":
    case "drop":
    case "return":
    case "masquerade":
    case "notrack":
      return name;
    case "reject":
      return "reject";
    case "jump":
    case "goto":
      return `${name} to ${isObj(inner) ? String(inner.target) : "?"}`;
    case "snat":
    case "dnat": {
      // A pool: the backend comes from a map by bucket ("dnat ip to numgen inc mod 100 map @pool_web").
      const picked = isObj(inner) && isObj(inner.addr) && isObj((inner.addr as Obj).map) ? ((inner.addr as Obj).map as Obj) : null;
      if (name === "dnat" && picked !== null) return `forward to a backend: ${subject(picked.key, ctx)} in map ${String(picked.data).replace(/^@/, "")}`;
      const target = isObj(inner)
        ? [inner.addr === undefined ? "" : value(inner.addr, ctx), inner.port === undefined ? "" : value(inner.port, ctx)].filter(Boolean).join(":")
        : "";
      return `${name === "snat" ? "source NAT" : "forward"} to ${target || "?"}`;
    }
    case "mangle":
      return isObj(inner) ? describeMangle(inner, ctx) : name;
    case "log":
      return "log";
    default:
      return name;
  }
}

function describeMangle(m: Obj, ctx: WordContext): string {
  const target = subject(m.key, ctx);
  const v = m.value;
  if (target === "meta mark" && isObj(v) && isObj(v.map) && String((v.map as Obj).data).startsWith("@"))
    return `pick a link (map ${value((v.map as Obj).data, ctx).slice(4)})`;
  if (target === "meta mark" && subject(v, ctx) === "ct mark") return "restore the connection's link mark";
  if (target === "ct mark" && subject(v, ctx) === "meta mark") return "save the link mark in the connection";
  if (target === "meta mark" && isObj(v) && Array.isArray(v["|"])) return `mark → ${value((v["|"] as unknown[])[1], ctx, "mark")}`;
  return `set ${target} to ${isObj(v) ? subject(v, ctx) : value(v, ctx, target.endsWith("mark") ? "mark" : "")}`;
}
