import { isAtLeast, type SimulatedDevice } from "./device";
import { checkArgs } from "./execute";
import { handleLogin, type LoginState } from "./login";
import type { MenuRegistry } from "./registry";
import { parseRequest, rowWords, tagWords, type Request } from "./request";
import { TrapReply, trap, type CommandDefinition, type Row, type SessionHandle } from "./types";
import type { SentenceWriter } from "./writer";

export type Session = {
  handle: (words: string[]) => void;
  /** Connection gone: abort every running command. */
  end: () => void;
};

type Running = { tag?: string; controller: AbortController; finished: boolean };

let sessionCount = 0;

// `.dead` marks a removed item in a listen stream and is sent whatever .proplist asks for.
const applyProplist = (row: Row, proplist: readonly string[] | undefined): Row =>
  proplist ? Object.fromEntries(Object.entries(row).filter(([name]) => name === ".dead" || proplist.includes(name))) : row;

export const createSession = (device: SimulatedDevice, registry: MenuRegistry, writer: SentenceWriter, onLogin: () => void = () => {}): Session => {
  let user: string | undefined;
  let ended = false;
  const loginState: LoginState = {};
  const running = new Set<Running>();
  const endListeners: (() => void)[] = [];
  const handle: SessionHandle = {
    id: `api-${++sessionCount}`,
    onEnd: (listener) => {
      endListeners.push(listener);
    },
  };

  const send = (kind: string, tag: string | undefined, ...words: string[]) => {
    if (!ended) writer.send([kind, ...tagWords(tag), ...words]);
  };

  const end = () => {
    if (ended) return;
    ended = true;
    for (const command of running) command.controller.abort();
    running.clear();
    for (const listener of endListeners.splice(0)) listener();
  };

  // The reason is a bare word, not =message= (reference §1.3); the router then closes.
  const fatal = (reason: string) => {
    send("!fatal", undefined, reason);
    writer.end();
    end();
  };

  const sendTraps = (tag: string | undefined, error: unknown) => {
    const traps = error instanceof TrapReply ? error.traps : [{ message: `simulator failure: ${String(error)}`, category: 4 }];
    for (const { message, category } of traps) {
      send("!trap", tag, ...(category === undefined ? [] : [`=category=${category}`]), `=message=${message}`);
    }
    send("!done", tag);
  };

  const login = (request: Request) => {
    const outcome = handleLogin(device, loginState, request.args);
    if (outcome.kind === "logged-in") {
      user = outcome.user;
      onLogin();
      send("!done", request.tag);
    } else if (outcome.kind === "challenge") send("!done", request.tag, `=ret=${outcome.ret}`);
    else sendTraps(request.tag, trap(outcome.message));
  };

  // Order from a real capture (reference §1.6): target's !trap, then /cancel's !done, then target's !done.
  // [UNVERIFIED] a tag that is not running gets a bare !done.
  const cancel = (request: Request) => {
    const wanted = request.args.get("tag");
    const targets = [...running].filter((command) => wanted === undefined || command.tag === wanted);
    for (const target of targets) {
      target.finished = true;
      target.controller.abort();
      running.delete(target);
      send("!trap", target.tag, "=category=2", "=message=interrupted");
    }
    send("!done", request.tag);
    for (const target of targets) send("!done", target.tag);
  };

  const execute = async (request: Request) => {
    const { tag } = request;
    let definition: CommandDefinition;
    try {
      const resolved = registry.resolve(request.command);
      definition = resolved.definition;
      checkArgs(device, resolved, request.args);
    } catch (error) {
      sendTraps(tag, error);
      return;
    }
    const command: Running = { tag, controller: new AbortController(), finished: false };
    running.add(command);
    const emit = (row: Row) => {
      if (!command.finished) send("!re", tag, ...rowWords(applyProplist(row, request.proplist)));
    };
    try {
      const outcome = await definition.run({ device, session: handle, args: request.args, queries: request.queries, emit, signal: command.controller.signal });
      if (command.finished) return;
      if (outcome?.empty && isAtLeast(device, "7.18")) send("!empty", tag);
      send("!done", tag, ...(outcome?.ret === undefined ? [] : [`=ret=${outcome.ret}`]));
    } catch (error) {
      if (!command.finished) sendTraps(tag, error);
    } finally {
      command.finished = true;
      running.delete(command);
    }
  };

  const receive = (words: string[]) => {
    if (ended) return;
    const request = parseRequest(words);
    if (user === undefined && request.command !== "/login") return fatal("not logged in");
    if (request.command === "/login") return login(request);
    if (request.command === "/quit") return fatal("session terminated on request");
    if (request.command === "/cancel") return cancel(request);
    void execute(request);
  };

  return { handle: receive, end };
};
