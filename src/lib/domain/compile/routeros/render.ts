import { removeConnectionsLine } from "./netwatch";
import { renderValue, quoteRouterOs } from "./quote";
import type { RouterOsConnectionRemoval, RouterOsDialect, RouterOsObject } from "./types";

function menuPath(menu: string, dialect: RouterOsDialect): string {
  return dialect === "slashed" ? menu : menu.replaceAll("/", " ").replace(/^ /, "/");
}

/** One object as `/menu add a=b … comment="waymark:…"`, properties sorted by name as /export writes them. */
export function renderAdd(object: RouterOsObject, dialect: RouterOsDialect): string {
  const entries = Object.entries({ ...object.properties, comment: "" }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const words = entries.map(([name, value]) => {
    if (name === "comment") return `comment=${quoteRouterOs(object.comment)}`;
    if (value === "") return name;
    return `${name}=${renderValue(value)}`;
  });
  return `${menuPath(object.menu, dialect)} add ${words.join(" ")}`;
}

/** `/ip firewall connection remove [find …]` for one removal, in the script's dialect. */
export function renderRemoval(removal: RouterOsConnectionRemoval, dialect: RouterOsDialect): string {
  const line = removeConnectionsLine(removal.where);
  return dialect === "slashed" ? line.replace("/ip firewall connection remove", "/ip/firewall/connection remove") : line;
}
