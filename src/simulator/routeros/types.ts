import type { SimulatedDevice } from "./device";

export type Row = Record<string, string>;

export type TrapSpec = { message: string; category?: number };

/** Thrown by command handlers; the session answers with one `!trap` per entry, then `!done`. */
export class TrapReply extends Error {
  readonly traps: readonly TrapSpec[];
  constructor(...traps: [TrapSpec, ...TrapSpec[]]) {
    super(traps[0].message);
    this.traps = traps;
  }
}

export const trap = (message: string, category?: number): TrapReply => new TrapReply({ message, category });

/** The API session (or script run) a command belongs to. */
export type SessionHandle = {
  /** Distinct per API connection; in-router executions share "script". */
  readonly id: string;
  /** Runs once when the session ends (connection closed, /quit). Scripts never end. */
  onEnd: (listener: () => void) => void;
};

export type CommandContext = {
  device: SimulatedDevice;
  session: SessionHandle;
  /** `=name=value` words of the command, in order. */
  args: ReadonlyMap<string, string>;
  /** Query words (`?…`) in order. */
  queries: readonly string[];
  /** Sends one `!re`; the session applies `.proplist` and adds the tag. */
  emit: (row: Row) => void;
  /** Aborted by `/cancel` or when the session ends; streaming handlers must stop then. */
  signal: AbortSignal;
};

/** `ret` becomes `!done =ret=…`; `empty` asks for `!empty` (sent only by RouterOS >= 7.18). */
export type CommandOutcome = { ret?: string; empty?: boolean } | undefined;

export type CommandDefinition = {
  /** Accepted `=name=` arguments, used only for menus the schemas do not have (tests add such menus). */
  args?: readonly string[];
  /** Most commands add nothing to `!done`, so a handler may return nothing at all. */
  run: (context: CommandContext) => CommandOutcome | Promise<CommandOutcome> | void | Promise<void>;
};

export type MenuDefinition = {
  /** Menu path without slashes at the ends, e.g. "system/identity". */
  path: string;
  commands: Readonly<Record<string, CommandDefinition>>;
  /** Versions that have this menu at all ("7.16.2" in, boolean out); absent: every version. */
  available?: (version: string) => boolean;
};
