import { quoteRouterOs } from "./quote";

// Netwatch up/down scripts come only from these fixed templates. Every value put in them is checked against a
// grammar narrower than the intent's own (link names, Waymark comments, addresses), then written as a quoted
// RouterOS string. The scripts use exactly this subset of the RouterOS script language, one command per line:
//
//   /<menu words> enable|disable|remove [find <property>="<value>" …]
//   /tool e-mail send to="<address>" subject="<text>" body="<text>"
//
// No variables, no expressions, no other commands: so the e-mail names the link or backend but not the router
// (`[/system identity get name]` inside a string would need the `.` operator or `$[…]` interpolation). Scripts
// run as *sys with the read, write, test, reboot policies, which all of these need at most.

const LINK_NAME = /^[a-z][a-z0-9-]{0,14}$/;
const CONNECTION_MARK = /^to-[a-z][a-z0-9-]{0,14}$/;
const WAYMARK_COMMENT = /^waymark:[a-z0-9:./-]{1,100}$/;
const IPV4_PORT = /^(\d{1,3}\.){3}\d{1,3}:\d{1,5}$/;
const PROTOCOL = /^(tcp|udp)$/;
const EMAIL = /^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
// Alert text: the templates below with names, addresses and ports filled in; nothing RouterOS reads specially.
const ALERT_TEXT = /^[A-Za-z0-9 .,:/()'-]{1,400}$/;

function checked(value: string, grammar: RegExp, what: string): string {
  if (!grammar.test(value)) throw new Error(`refusing to put ${what} ${JSON.stringify(value)} into a RouterOS script`);
  return quoteRouterOs(value);
}

export function connectionMark(link: string): string {
  checked(link, LINK_NAME, "link name");
  return `to-${link}`;
}

/** The menus a script switches objects in, as a script writes them. */
const SCRIPT_MENU = { "/ip/route": "/ip route", "/ip/firewall/nat": "/ip firewall nat" } as const;
export type SwitchableMenu = keyof typeof SCRIPT_MENU;

export type ScriptAction = "enable" | "disable";

/** Enable or disable one Waymark object by its comment. */
export function switchLine(menu: SwitchableMenu, action: ScriptAction, comment: string): string {
  return `${SCRIPT_MENU[menu]} ${action} [find comment=${checked(comment, WAYMARK_COMMENT, "comment")}]`;
}

/** Remove the connections marked for a link (they reconnect through a live link at once). */
export function flushLinkLine(link: string): string {
  return `/ip firewall connection remove [find connection-mark=${checked(connectionMark(link), CONNECTION_MARK, "connection mark")}]`;
}

/**
 * Remove the connections a dst-nat sent to a backend. RouterOS shows a NATed connection's backend side as
 * `reply-src-address=<address>:<port>` in /ip firewall connection [UNVERIFIED: the address:port form of the
 * reply side, as /ip firewall connection print shows src-address].
 */
export function backendConnectionsWhere(protocol: string, backendAt: string): Record<string, string> {
  checked(protocol, PROTOCOL, "protocol");
  checked(backendAt, IPV4_PORT, "backend address");
  return { protocol, "reply-src-address": backendAt };
}

export function removeConnectionsLine(where: Record<string, string>): string {
  if (Object.keys(where).sort().join(",") !== "protocol,reply-src-address")
    throw new Error(`no script template removes connections by ${Object.keys(where).join(", ")}`);
  const protocol = checked(where.protocol ?? "", PROTOCOL, "protocol");
  const at = checked(where["reply-src-address"] ?? "", IPV4_PORT, "backend address");
  return `/ip firewall connection remove [find protocol=${protocol} reply-src-address=${at}]`;
}

export type Alert = { subject: string; body: string };

/** One `/tool e-mail send` per recipient: a single address in `to` works on every version (lists: [UNVERIFIED]). */
export function emailLines(recipients: readonly string[], alert: Alert): string[] {
  const subject = checked(alert.subject, ALERT_TEXT, "alert subject");
  const body = checked(alert.body, ALERT_TEXT, "alert body");
  return recipients.map((to) => `/tool e-mail send to=${checked(to, EMAIL, "e-mail address")} subject=${subject} body=${body}`);
}

/** A netwatch script: its lines in order, joined as RouterOS reads a multi-line script. */
export function script(lines: readonly string[]): string {
  return lines.join("\n");
}
