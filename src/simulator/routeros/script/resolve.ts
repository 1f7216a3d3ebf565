// Which words of a script line are the menu, which the verb: `/ip firewall mangle add …`, `/ip/route/disable …`,
// or, under a context line such as `/ip route`, just `disable …`. The router knows its menu tree; here the menu
// registry is that tree.

import type { MenuRegistry } from "../registry";
import { TrapReply } from "../types";
import { bareText, ScriptSyntaxError, type ScriptWord } from "./lexer";

export type ResolvedLine = { kind: "context"; menu: string[] } | { kind: "command"; menu: string[]; verb: string; rest: ScriptWord[] };

const MENU_WORD = /^[a-z0-9][a-z0-9-]*$/;

export const menuKnown = (registry: MenuRegistry, path: readonly string[]): boolean => {
  const joined = path.join("/");
  if (joined === "") return true;
  for (const key of registry.menus.keys()) if (key === joined || key.startsWith(`${joined}/`)) return true;

  return false;
};

// `find` is a console verb every item menu has; the API has no such command, so the registry does not list it.
const SCRIPT_VERBS = new Set(["find"]);

export const commandKnown = (registry: MenuRegistry, path: readonly string[], verb: string): boolean => {
  if (SCRIPT_VERBS.has(verb)) return path.length > 0 && registry.menus.has(path.join("/"));
  try {
    registry.resolve(`/${[...path, verb].join("/")}`);
    return true;
  } catch (error) {
    // A verb the schema has but the simulator lacks still resolves as a command; running it says why it fails.
    return error instanceof TrapReply && error.message.startsWith("simulator:");
  }
};

const badName = (word: ScriptWord, text: string) => new ScriptSyntaxError(`bad command name ${text}`, word.line, word.column);

/** `words` of one statement (not a `:` command); `context` is the current menu. */
export const resolveLine = (registry: MenuRegistry, context: readonly string[], words: readonly ScriptWord[]): ResolvedLine => {
  const firstText = bareText(words[0]!) ?? "";
  const absolute = firstText.startsWith("/");
  const base = absolute ? [] : [...context];
  // Menu segments with the index of the word each came from (`/ip/route` is one word, `/ip route` two).
  const segments: { name: string; word: number }[] = absolute
    ? firstText
        .split("/")
        .filter(Boolean)
        .map((name) => ({ name, word: 0 }))
    : [];
  let used = absolute ? 1 : 0;
  for (; used < words.length; used += 1) {
    const text = bareText(words[used]!);
    if (text === undefined || !MENU_WORD.test(text)) break;
    segments.push({ name: text, word: used });
  }
  const names = segments.map((segment) => segment.name);
  // Longest menu first: `/system script run x` is menu system/script, verb run, positional x.
  for (let verbAt = segments.length - 1; verbAt >= 0; verbAt -= 1) {
    const { name: verb, word } = segments[verbAt]!;
    const endsItsWord = segments[verbAt + 1]?.word !== word;
    const menu = [...base, ...names.slice(0, verbAt)];
    if (endsItsWord && menuKnown(registry, menu) && commandKnown(registry, menu, verb)) {
      return { kind: "command", menu, verb, rest: words.slice(word + 1) };
    }
  }
  if (used === words.length && menuKnown(registry, [...base, ...names])) return { kind: "context", menu: [...base, ...names] };
  // RouterOS names the first word that is neither a menu here nor a command of the menu before it.
  const unknownAt = segments.findIndex((_, at) => !menuKnown(registry, [...base, ...names.slice(0, at + 1)]));
  const at = unknownAt >= 0 ? unknownAt : segments.length - 1;
  const offending = segments[at];
  if (offending === undefined) throw badName(words[0]!, firstText);

  throw badName(words[offending.word]!, offending.name);
};
