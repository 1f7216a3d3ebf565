import { schemaFor, type RouterSchema } from "./schema";
import type { CommandDefinition, MenuDefinition } from "./types";
import { trap } from "./types";

export type ResolvedCommand = {
  menu: MenuDefinition;
  /** The command as the router names it ("print" for "getall"). */
  name: string;
  definition: CommandDefinition;
  /** `=name=` arguments this version accepts for the command; anything else is "unknown parameter". */
  accepted: readonly string[];
};

export type MenuRegistry = {
  register: (menu: MenuDefinition) => void;
  /** Resolves "/system/identity/print"; throws the router's own traps for unknown menus and commands. */
  resolve: (command: string) => ResolvedCommand;
  readonly version: string;
  readonly schema: RouterSchema;
  readonly menus: ReadonlyMap<string, MenuDefinition>;
};

// API-only verbs the console schema does not list: `listen` exists wherever print does (reference §1.6).
const API_ONLY: Readonly<Record<string, { needs: string; args: readonly string[] }>> = {
  listen: { needs: "print", args: [] },
};

// Item commands take `=.id=` as well as `=numbers=` / `=number=` (reference §1.8).
const withIdAlias = (args: readonly string[]): readonly string[] => (args.includes("numbers") || args.includes("number") ? [...args, ".id"] : args);

const notSimulated = (path: string, name: string) => trap(`simulator: ${path.replaceAll("/", " ")} ${name} is not simulated`, 0);

export const createMenuRegistry = (menus: readonly MenuDefinition[] = [], version = "7.16.2"): MenuRegistry => {
  const schema = schemaFor(version);
  const byPath = new Map<string, MenuDefinition>();
  const register = (menu: MenuDefinition) => {
    // A menu the version lacks (schema null, or the menu's own version test) is not registered at all.
    if ((menu.available && !menu.available(version)) || (menu.path in schema.menus && !schema.menus[menu.path])) return;
    const existing = byPath.get(menu.path);
    byPath.set(menu.path, existing ? { ...existing, commands: { ...existing.commands, ...menu.commands } } : menu);
  };
  menus.forEach(register);

  const acceptedBySchema = (path: string, name: string, definition: CommandDefinition | undefined): readonly string[] => {
    const commands = schema.menus[path] ?? {};
    const apiOnly = API_ONLY[name];
    const listed = commands[name] ?? (apiOnly && commands[apiOnly.needs] ? apiOnly.args : undefined);
    // Messages as observed on real routers (reference §4): unknown verb in a known menu.
    if (!listed) throw trap("no such command", 0);
    if (!definition) throw notSimulated(path, name);

    return withIdAlias(listed);
  };

  const resolve: MenuRegistry["resolve"] = (command) => {
    const parts = command.split("/").filter((part) => part.length > 0);
    const given = parts.pop() ?? "";
    const name = given === "getall" ? "print" : given;
    const path = parts.join("/");
    const menu = byPath.get(path);
    // A menu the schema has but we do not simulate answers like a menu the router lacks.
    if (!menu) throw trap("no such command prefix", 0);
    const definition = menu.commands[name];
    if (path in schema.menus) {
      if (!schema.menus[path]) throw trap("no such command prefix", 0);
      return { menu, name, definition: definition as CommandDefinition, accepted: acceptedBySchema(path, name, definition) };
    }
    // Menus outside the schema: those tests add, answering with their own argument lists.
    if (!definition?.args) throw trap(definition ? "no such command prefix" : "no such command", 0);

    return { menu, name, definition, accepted: withIdAlias(definition.args) };
  };

  return { register, resolve, version, schema, menus: byPath };
};
