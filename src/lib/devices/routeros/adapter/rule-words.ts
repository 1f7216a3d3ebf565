// Any firewall rule of a router (Waymark's or the admin's own) in words, from the properties its print row carries,
// so the live counters read like WinBox's table without its forty columns. Pure.
//
// Rows as RouterOS 7.16 prints them over the API (/ip/firewall/mangle/print and /ip/firewall/nat/print with
// .proplist; every value a string, "!" in front of a negated matcher — Mangle page, "Properties"), e.g. the demo
// edge router's own export (src/simulator/routeros/demo/edge-7.rsc) and the PCC example of the PCC page:
//   !re =.id=*3 =chain=forward =action=change-mss =new-mss=1400 =out-interface=wan2 =protocol=tcp =tcp-flags=syn
//       =passthrough=true =comment=clamp MSS for the LTE link =bytes=52 =packets=1 =disabled=false
//   !re =.id=*8 =chain=prerouting =action=mark-connection =connection-mark=no-mark =connection-state=new
//       =dst-address-type=!local =in-interface=ether_LAN =new-connection-mark=ISP1 =passthrough=true
//       =per-connection-classifier=both-addresses:2/0 =bytes=104874 =packets=953 =disabled=false
//   !re =.id=*4 =chain=dstnat =action=dst-nat =dst-port=8554 =in-interface=wan1 =protocol=tcp
//       =to-addresses=192.168.10.250 =to-ports=554 =bytes=0 =packets=0 =disabled=false

type Row = Readonly<Record<string, string | undefined>>;

/** Every matcher the words below know; the read-back asks for these (and only these) besides its own. */
export const MATCH_PROPERTIES = [
  "protocol",
  "src-address",
  "src-address-list",
  "src-address-type",
  "src-port",
  "in-interface",
  "in-interface-list",
  "dst-address",
  "dst-address-list",
  "dst-address-type",
  "dst-port",
  "out-interface",
  "out-interface-list",
  "connection-mark",
  "routing-mark",
  "packet-mark",
  "connection-state",
  "connection-nat-state",
  "per-connection-classifier",
  "tcp-flags",
  "ipsec-policy",
  "hotspot",
  "content",
] as const;

export const ACTION_PROPERTIES = [
  "action",
  "new-connection-mark",
  "new-routing-mark",
  "new-packet-mark",
  "new-mss",
  "passthrough",
  "jump-target",
  "to-addresses",
  "to-ports",
  "address-list",
] as const;

/** "!local" → "not local". */
const negatable = (value: string): string => (value.startsWith("!") ? `not ${value.slice(1)}` : value);

/** An interface or address, else a list of them: "wan1", "list LAN", "not list LAN". */
const oneOrList = (one: string | undefined, list: string | undefined): string =>
  one ? negatable(one) : list ? (list.startsWith("!") ? `not list ${list.slice(1)}` : `list ${list}`) : "";

function endpoint(address: string | undefined, list: string | undefined, port: string | undefined, type: string | undefined): string {
  const where = oneOrList(address, list);
  const withPort = port ? `${where || "any"}:${negatable(port)}` : where;
  const typed = type ? `${negatable(type)} addresses` : "";
  return [withPort, typed].filter(Boolean).join(" ");
}

const STATE_WORDS: Record<string, string> = { new: "new", established: "established", related: "related", invalid: "invalid", untracked: "untracked" };

function connectionState(value: string): string {
  const negated = value.startsWith("!");
  const states = (negated ? value.slice(1) : value).split(",").map((s) => STATE_WORDS[s] ?? s);
  return `${negated ? "not " : ""}${states.join(", ")} connections`;
}

/** "both-addresses:4/1" → "share 2 of 4 by both addresses" (the PCC page's way of reading it). */
function classifier(value: string): string {
  const match = /^([a-z-]+):(\d+)\/(\d+)$/.exec(value);
  if (!match) return `classifier ${value}`;
  return `share ${Number(match[3]) + 1} of ${match[2]} by ${match[1]!.replace(/-/g, " ")}`;
}

const mark = (name: string, value: string): string =>
  value === "no-mark" ? `no ${name}` : value === "!no-mark" ? `any ${name}` : `${name} ${negatable(value)}`;

/** What a rule matches: "tcp to 203.0.113.10:443 from LAN, new connections"; "every packet" when it matches all. */
export function describeMatch(row: Row): string {
  const head: string[] = [];
  if (row.protocol) head.push(negatable(row.protocol));
  const to = endpoint(row["dst-address"], row["dst-address-list"], row["dst-port"], row["dst-address-type"]);
  if (to) head.push(`to ${to}`);
  const from = endpoint(row["src-address"], row["src-address-list"], row["src-port"], row["src-address-type"]);
  if (from) head.push(`from ${from}`);
  const inward = oneOrList(row["in-interface"], row["in-interface-list"]).replace("list ", "interface list ");
  if (inward) head.push(`in ${inward}`);
  const outward = oneOrList(row["out-interface"], row["out-interface-list"]).replace("list ", "interface list ");
  if (outward) head.push(`out ${outward}`);
  const rest: string[] = [];
  if (row["connection-mark"]) rest.push(mark("connection-mark", row["connection-mark"]));
  if (row["routing-mark"]) rest.push(mark("routing-mark", row["routing-mark"]));
  if (row["packet-mark"]) rest.push(mark("packet-mark", row["packet-mark"]));
  if (row["per-connection-classifier"]) rest.push(classifier(row["per-connection-classifier"]));
  if (row["tcp-flags"]) rest.push(`tcp flags ${row["tcp-flags"]}`);
  if (row["connection-nat-state"]) rest.push(`${negatable(row["connection-nat-state"])} connections`);
  if (row["ipsec-policy"]) rest.push(`ipsec ${row["ipsec-policy"]}`);
  if (row.content) rest.push(`content "${row.content}"`);
  if (row.hotspot) rest.push(`hotspot ${row.hotspot}`);
  if (row["connection-state"]) rest.push(connectionState(row["connection-state"]));
  const words = [head.join(" "), ...rest].filter(Boolean).join(", ");
  return words || "every packet";
}

const stops = (row: Row): string => (row.passthrough === "false" || row.passthrough === "no" ? ", stop" : "");

/** What a rule does to a match: "mark connection to-isp-a", "routing-mark → to-isp-a, stop", "masquerade". */
export function describeAction(row: Row): string {
  const action = row.action ?? "accept";
  switch (action) {
    case "mark-connection":
      return `mark connection ${row["new-connection-mark"] ?? "?"}${stops(row)}`;
    case "mark-routing":
      return `routing-mark → ${row["new-routing-mark"] ?? "?"}${stops(row)}`;
    case "mark-packet":
      return `mark packet ${row["new-packet-mark"] ?? "?"}${stops(row)}`;
    case "change-mss":
      return `set TCP MSS to ${row["new-mss"] ?? "?"}`;
    case "passthrough":
      return "count only";
    case "jump":
      return `jump to ${row["jump-target"] ?? "?"}`;
    case "fasttrack-connection":
      return "fasttrack the connection";
    case "src-nat":
      return `source NAT to ${[row["to-addresses"], row["to-ports"]].filter(Boolean).join(":") || "?"}`;
    case "dst-nat":
      return `forward to ${[row["to-addresses"], row["to-ports"]].filter(Boolean).join(":") || "?"}`;
    case "redirect":
      return `redirect to the router${row["to-ports"] ? ` port ${row["to-ports"]}` : ""}`;
    case "add-src-to-address-list":
      return `add the source to list ${row["address-list"] ?? "?"}`;
    case "add-dst-to-address-list":
      return `add the destination to list ${row["address-list"] ?? "?"}`;
    default:
      return action.replace(/-/g, " ");
  }
}
