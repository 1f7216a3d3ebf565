import { renderValue, quoteRouterOs } from "./quote";
import type { RouterOsDialect, RouterOsObject } from "./types";

/** One object as `/menu add a=b … comment="waymark:…"`, properties sorted by name as /export writes them. */
export function renderAdd(object: RouterOsObject, dialect: RouterOsDialect): string {
  const menu = dialect === "slashed" ? object.menu : object.menu.replaceAll("/", " ").replace(/^ /, "/");
  const entries = Object.entries({ ...object.properties, comment: "" }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const words = entries.map(([name, value]) => {
    if (name === "comment") return `comment=${quoteRouterOs(object.comment)}`;
    if (value === "") return name;
    return `${name}=${renderValue(value)}`;
  });
  return `${menu} add ${words.join(" ")}`;
}
