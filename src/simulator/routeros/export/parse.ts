// Parser for RouterOS `/export` text, both the terse form (every line carries its full menu path) and the classic
// form (a menu line, then commands for it), with the header, `#` comments and `\` continuations. Pure: text in,
// commands out; what it cannot read becomes a warning, never an exception. Follows the RouterOS Scripting manual
// (line joining, escapes) and the layout of real exports. Real samples (export-6.48.4.rsc, export-7.10.rsc):
//
//   # apr/23/2023 14:54:00 by RouterOS 6.48.4
//   /interface ethernet set [ find default-name=ether1 ] arp=proxy-arp name="wan A" speed=100Mbps
//   /ip firewall mangle add action=passthrough chain=prerouting comment=DUMMY disabled=yes
//   /ip ipsec policy set 0 proposal="IPSEC IKEv2 VPN PHASE2 MIKROTIK"
//   /ip service set telnet disabled=yes
//   /ip settings set accept-source-route=yes rp-filter=loose tcp-syncookies=yes
//   /routing table add comment="tunnel swing" fib name=rmark-vpn-redirect
//   /ip firewall nat
//   # tunnel-mikrotik not ready
//   add action=masquerade chain=srcnat comment="MIK - VPN masq (pure L2TP, w/o IPSEC)" out-interface=tunnel-mikrotik

import { logicalLines, parseHeader, type ExportHeader } from "./lines";
import { ExportSyntaxError, tokenize, type Word } from "./tokens";

export type ExportVerb = "add" | "set" | "remove" | "unset" | "enable" | "disable" | "move" | "comment";

const VERBS: ReadonlySet<string> = new Set<ExportVerb>(["add", "set", "remove", "unset", "enable", "disable", "move", "comment"]);

/** Which existing item a command changes. */
export type ExportSelector =
  /** `[ find default-name=ether1 ]`, `[ find default=yes ]`; `[ find ]` (every item) has an empty `where`. */
  | { kind: "find"; where: Record<string, string> }
  /** `set 0 …`: the console's position number. */
  | { kind: "number"; index: number }
  | { kind: "id"; id: string }
  /** `set telnet …`: an item of a named menu (services, user groups, service ports). */
  | { kind: "name"; name: string };

export type ExportCommand = {
  /** Menu path with slashes: "ip/firewall/mangle"; "" for the root. */
  menu: string;
  verb: ExportVerb;
  selector?: ExportSelector;
  /** Values unescaped but otherwise as written (`yes`/`no` are not normalized here), in file order. */
  props: Record<string, string>;
  /** Valueless words such as `fib` or `passive`; each is also in `props` with the value "". */
  switches: readonly string[];
  /** 1-based line in the file where the command starts. */
  line: number;
};

export type ExportWarning = { line: number; text: string; reason: string };

export type ParsedExport = { header?: ExportHeader; commands: ExportCommand[]; warnings: ExportWarning[] };

const excerpt = (text: string): string => (text.length > 160 ? `${text.slice(0, 157)}...` : text);

const parseFind = (inner: string): ExportSelector => {
  const [first, ...rest] = tokenize(inner);
  if (first?.kind !== "bare" || first.value !== "find") throw new ExportSyntaxError(`selector [ ${inner} ] is not a find`);
  const where: Record<string, string> = {};
  for (const word of rest) {
    if (word.kind === "bare" && word.value === "where") continue;
    if (word.kind !== "pair") throw new ExportSyntaxError(`selector [ ${inner} ] is not understood`);
    where[word.key] = word.value;
  }
  return { kind: "find", where };
};

const bareSelector = (value: string): ExportSelector => {
  if (/^\d+$/.test(value)) return { kind: "number", index: Number(value) };
  if (/^\*[0-9A-Fa-f]+$/.test(value)) return { kind: "id", id: value.toUpperCase() };
  return { kind: "name", name: value };
};

type Arguments = Pick<ExportCommand, "selector" | "props" | "switches">;

const parseArguments = (verb: ExportVerb, words: readonly Word[]): Arguments => {
  let selector: ExportSelector | undefined;
  const props: Record<string, string> = {};
  const switches: string[] = [];
  for (const word of words) {
    if (word.kind === "bracket") {
      if (selector) throw new ExportSyntaxError("more than one selector");
      selector = parseFind(word.inner);
    } else if (word.kind === "pair") {
      props[word.key] = word.value;
    } else if (verb !== "add" && selector === undefined && Object.keys(props).length === 0) {
      selector = bareSelector(word.value);
    } else {
      switches.push(word.value);
      props[word.value] = "";
    }
  }
  return { selector, props, switches };
};

/** `/ip firewall nat add …` → ["ip/firewall/nat", rest]; `/ip/firewall/nat` (v7 slash form) works too. */
const splitPath = (words: readonly Word[]): { path: string; rest: readonly Word[] } => {
  const first = words[0] as Extract<Word, { kind: "bare" }>;
  const parts = first.value.split("/").filter((part) => part.length > 0);
  let at = 1;
  for (; at < words.length; at += 1) {
    const word = words[at] as Word;
    if (word.kind !== "bare" || VERBS.has(word.value)) break;
    parts.push(...word.value.split("/").filter((part) => part.length > 0));
  }
  return { path: parts.join("/"), rest: words.slice(at) };
};

type LineOutcome = { menu?: string; command?: Omit<ExportCommand, "line">; problem?: string };

const parseLine = (text: string, currentMenu: string | undefined): LineOutcome => {
  const words = tokenize(text);
  const first = words[0];
  if (first?.kind !== "bare") return { problem: "not a command" };
  let menu = currentMenu;
  let rest: readonly Word[] = words;
  if (first.value.startsWith("/")) {
    const split = splitPath(words);
    if (split.rest.length === 0) return { menu: split.path };
    menu = split.path;
    rest = split.rest;
  } else if (first.value.startsWith(":")) {
    return { problem: "script statement, not configuration" };
  }
  const verbWord = rest[0];
  if (verbWord?.kind !== "bare" || !VERBS.has(verbWord.value)) return { problem: "not a command" };
  if (menu === undefined) return { problem: `${verbWord.value} before any menu line` };
  const verb = verbWord.value as ExportVerb;
  return { command: { menu, verb, ...parseArguments(verb, rest.slice(1)) } };
};

export const parseExport = (text: string): ParsedExport => {
  const parsed: ParsedExport = { commands: [], warnings: [] };
  let menu: string | undefined;
  for (const { text: raw, line, repaired } of logicalLines(text)) {
    const trimmed = raw.trim();
    if (trimmed.length === 0) continue;
    if (repaired)
      parsed.warnings.push({ line, text: excerpt(trimmed), reason: "quoted value continued without a backslash; joined with the indented lines below" });
    if (trimmed.startsWith("#")) {
      parsed.header ??= parseHeader(trimmed);
      continue;
    }
    try {
      const outcome = parseLine(trimmed, menu);
      if (outcome.menu !== undefined) menu = outcome.menu;
      if (outcome.command) parsed.commands.push({ ...outcome.command, line });
      if (outcome.problem) parsed.warnings.push({ line, text: excerpt(trimmed), reason: outcome.problem });
    } catch (error) {
      if (!(error instanceof ExportSyntaxError)) throw error;
      parsed.warnings.push({ line, text: excerpt(trimmed), reason: error.message });
    }
  }
  return parsed;
};
