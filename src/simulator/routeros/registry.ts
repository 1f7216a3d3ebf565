import type { CommandDefinition, MenuDefinition } from "./types";
import { trap } from "./types";

export type MenuRegistry = {
  register: (menu: MenuDefinition) => void;
  /** Resolves "/system/identity/print"; throws the router's own traps for unknown menus and commands. */
  resolve: (command: string) => { menu: MenuDefinition; name: string; definition: CommandDefinition };
};

export const createMenuRegistry = (menus: readonly MenuDefinition[] = []): MenuRegistry => {
  const byPath = new Map<string, MenuDefinition>();
  const register = (menu: MenuDefinition) => {
    const existing = byPath.get(menu.path);
    byPath.set(menu.path, existing ? { path: menu.path, commands: { ...existing.commands, ...menu.commands } } : menu);
  };
  menus.forEach(register);

  const resolve: MenuRegistry["resolve"] = (command) => {
    const parts = command.split("/").filter((part) => part.length > 0);
    const name = parts.pop() ?? "";
    const menu = byPath.get(parts.join("/"));
    // Messages as observed on real routers (reference §4): unknown menu vs unknown verb in a known menu.
    if (!menu) throw trap("no such command prefix", 0);
    const definition = menu.commands[name === "getall" ? "print" : name];
    if (!definition) throw trap("no such command", 0);

    return { menu, name, definition };
  };

  return { register, resolve };
};
