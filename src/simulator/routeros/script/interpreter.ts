// Runs RouterOS script statements: menu commands through executeCommand (so argument checks and traps are the
// API's), `[find …]` / `[get …]` as values, context lines (`/ip route` then `disable …`), and the few `:` commands
// Waymark's and an admin's simple scripts use (:delay, :log, :local, :global, :set, :put).
// Anything else fails the script, as the router would refuse it.

import type { SimClock } from "../clock";
import type { SimulatedDevice } from "../device";
import { parseDuration } from "../duration";
import { executeCommand } from "../execute";
import { trap } from "../types";
import { compileFind, type FindWord } from "./find";
import { bareText, parseScript, ScriptSyntaxError, type Part, type ScriptWord, type Statement } from "./lexer";
import { resolveLine } from "./resolve";

export type ScriptEnv = {
  device: SimulatedDevice;
  clock: Pick<SimClock, "sleep">;
  log: (topics: string, message: string) => void;
  globals: Map<string, string>;
};

type Frame = { env: ScriptEnv; locals: Map<string, string>; menu: string[] };

/** The item verbs whose first positional word is the item (`disable [find …]`, `run myscript`). */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  set: ["numbers"],
  unset: ["numbers"],
  remove: ["numbers"],
  enable: ["numbers"],
  disable: ["numbers"],
  comment: ["numbers", "comment"],
  "reset-counters": ["numbers"],
  move: ["numbers", "destination"],
  run: ["number"],
  get: ["number", "value-name"],
  print: [],
  find: [],
};
// Acting on `[find …]` that found nothing does nothing (a netwatch script for a link with no routes yet).
const ITEM_LISTS = new Set(["numbers", "number"]);

const LOG_LEVELS = new Set(["info", "warning", "error", "debug"]);

const variable = (frame: Frame, name: string) => frame.locals.get(name) ?? frame.env.globals.get(name) ?? "";

const evaluatePart = async (frame: Frame, part: Part): Promise<string> => {
  if (part.kind === "text") return part.text;
  if (part.kind === "var") return variable(frame, part.name);

  return runInner(frame, part.source, part.line);
};

const evaluate = async (frame: Frame, word: ScriptWord): Promise<string> => {
  let value = "";
  for (const part of word.parts) value += await evaluatePart(frame, part);

  return value;
};

const rowsOf = async (frame: Frame, menu: readonly string[]) =>
  (await executeCommand(frame.env.device, frame.env.device.registry, `/${[...menu, "print"].join("/")}`, new Map())).rows;

/** `[find …]`, `[get …]` or any command, in the menu of the statement around it; returns its value. */
const runInner = async (frame: Frame, source: string, line: number): Promise<string> => {
  const [statement, ...more] = parseScript(source, line);
  if (!statement || more.length > 0) throw new ScriptSyntaxError("syntax error", line, 1);
  const resolved = resolveCommand(frame, statement);
  if (resolved.verb === "find") {
    const words: FindWord[] = [];
    for (const word of resolved.rest) words.push({ key: word.key, value: await evaluate(frame, word) });
    const matches = compileFind(words);
    return (await rowsOf(frame, resolved.menu))
      .filter(matches)
      .map((row) => row[".id"] ?? "")
      .join(",");
  }

  return (await runCommand(frame, resolved.menu, resolved.verb, resolved.rest)) ?? "";
};

const resolveCommand = (frame: Frame, statement: Statement) => {
  const resolved = resolveLine(frame.env.device.registry, frame.menu, statement.words);
  if (resolved.kind === "context") throw new ScriptSyntaxError("syntax error", statement.line, 1);

  return resolved;
};

const buildArgs = async (frame: Frame, verb: string, rest: readonly ScriptWord[]) => {
  const args = new Map<string, string>();
  const positional = [...(POSITIONAL[verb] ?? [])];
  const accepted = frame.env.device.registry.resolve(`/${[...frame.menu, verb].join("/")}`).accepted;
  for (const word of rest) {
    const text = bareText(word);
    // A switch given as a bare word (`/routing table add name=x fib`) acts on presence (reference §1.8).
    if (text !== undefined && accepted.includes(text) && !positional.includes(text)) {
      args.set(text, "");
      continue;
    }
    // A nested find is evaluated in this statement's menu.
    const value = await evaluate(frame, word);
    if (word.key !== undefined) args.set(word.key, value);
    else if (positional.length > 0) args.set(positional.shift()!, value);
    else throw new ScriptSyntaxError("expected end of command", word.line, word.column);
  }
  const placeBefore = args.get("place-before");
  if (placeBefore !== undefined) {
    const first = placeBefore.split(",")[0] ?? "";
    if (first === "")
      args.delete("place-before"); // [UNVERIFIED] the router may refuse an empty place-before
    else args.set("place-before", first);
  }

  return args;
};

const runCommand = async (frame: Frame, menu: readonly string[], verb: string, rest: readonly ScriptWord[]) => {
  const inner: Frame = { ...frame, menu: [...menu] };
  const args = await buildArgs(inner, verb, rest);
  for (const name of ITEM_LISTS) if (args.get(name) === "" && verb !== "print") return undefined;
  const { ret } = await executeCommand(frame.env.device, frame.env.device.registry, `/${[...menu, verb].join("/")}`, args);

  return ret;
};

const runColon = async (frame: Frame, statement: Statement) => {
  const [head, ...rest] = statement.words;
  const name = (bareText(head!) ?? "").slice(1);
  const values = async () => Promise.all(rest.map((word) => evaluate(frame, word)));
  switch (name) {
    case "delay": {
      const [text = "1s"] = await values();
      const ms = parseDuration(text);
      if (ms === null) throw new ScriptSyntaxError("invalid value for delay-time", statement.line, 1);
      return frame.env.clock.sleep(ms);
    }
    case "log": {
      const [level = "", ...message] = await values();
      if (!LOG_LEVELS.has(level)) throw new ScriptSyntaxError(`bad command name ${level}`, statement.line, 1);
      return frame.env.log(`script,${level}`, message.join(" "));
    }
    case "local":
    case "global":
    case "set": {
      const [variableName, ...value] = await values();
      if (!variableName) throw new ScriptSyntaxError("syntax error", statement.line, 1);
      const scope = name === "global" || (name === "set" && !frame.locals.has(variableName)) ? frame.env.globals : frame.locals;
      scope.set(variableName, value.join(" "));
      return;
    }
    case "put":
      await values(); // a background script has no console to print to
      return;
    default:
      throw trap(`simulator: :${name} is not simulated (line ${statement.line})`);
  }
};

// The router reads the whole script before running any of it: a bad command name anywhere means nothing runs.
const checkNames = (env: ScriptEnv, statements: readonly Statement[]) => {
  let menu: string[] = [];
  for (const statement of statements) {
    if (bareText(statement.words[0]!)?.startsWith(":")) continue;
    const resolved = resolveLine(env.device.registry, menu, statement.words);
    if (resolved.kind === "context") menu = resolved.menu;
  }
};

/** Runs `source`; throws what stopped it (a ScriptSyntaxError or the command's TrapReply), tagged with the line. */
export const runStatements = async (env: ScriptEnv, source: string, onLine: (line: number) => void = () => {}): Promise<void> => {
  const statements = parseScript(source);
  checkNames(env, statements);
  const frame: Frame = { env, locals: new Map(), menu: [] };
  for (const statement of statements) {
    onLine(statement.line);
    const head = bareText(statement.words[0]!);
    if (head?.startsWith(":")) {
      await runColon(frame, statement);
      continue;
    }
    const resolved = resolveLine(env.device.registry, frame.menu, statement.words);
    if (resolved.kind === "context") frame.menu = resolved.menu;
    else await runCommand(frame, resolved.menu, resolved.verb, resolved.rest);
  }
};
