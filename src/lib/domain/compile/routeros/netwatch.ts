import { quoteRouterOs } from "./quote";

// Netwatch up/down scripts come only from these fixed templates. Every value put in them is checked against a
// grammar narrower than the intent's own (link names, Waymark comments), then written as a quoted RouterOS string.

const LINK_NAME = /^[a-z][a-z0-9-]{0,14}$/;
const LINK_NAME_MARK = /^to-[a-z][a-z0-9-]{0,14}$/;
const WAYMARK_COMMENT = /^waymark:[a-z0-9:.\/-]{1,100}$/;

function checked(value: string, grammar: RegExp, what: string): string {
  if (!grammar.test(value)) throw new Error(`refusing to put ${what} ${JSON.stringify(value)} into a RouterOS script`);
  return quoteRouterOs(value);
}

export function connectionMark(link: string): string {
  checked(link, LINK_NAME, "link name");
  return `to-${link}`;
}

/** Disable (down) or enable (up) the routes through a link, and optionally flush the link's connections. */
export function netwatchScript(action: "disable" | "enable", routeComments: readonly string[], flushLink: string | undefined): string {
  const lines = routeComments.map((c) => `/ip route ${action} [find comment=${checked(c, WAYMARK_COMMENT, "comment")}]`);
  if (flushLink !== undefined) {
    lines.push(`/ip firewall connection remove [find connection-mark=${checked(connectionMark(flushLink), LINK_NAME_MARK, "connection mark")}]`);
  }
  return lines.join("\n");
}
