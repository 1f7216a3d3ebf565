// A simulated MikroTik router on 127.0.0.1, as in the demo (booted from its export, LAN traffic flowing), for
// trying Waymark against a router without one, and for the browser tests.
// Usage: npx tsx --conditions=react-server scripts/simulate-router.ts --site edge|branch --port 18828 --user waymark --password …
// Prints {"host","port","identity","version"} as one JSON line once it listens; stops on SIGTERM/SIGINT.
import { parseArgs } from "node:util";
import { DEMO_SITES, startDemoRouter } from "@/simulator/routeros/demo";
import { commandLine } from "./command-line";

const USAGE = `Usage: npx tsx --conditions=react-server scripts/simulate-router.ts --password <password> [options]

Runs a simulated MikroTik router (RouterOS API, plain) on 127.0.0.1, booted from a demo site's export with LAN
traffic flowing. Prints {"host","port","identity","version"} as one JSON line once it listens; stops on
SIGTERM or SIGINT.

Options:
  --site <name>        ${Object.keys(DEMO_SITES).join(" | ")} (default: edge)
  --port <port>        TCP port to listen on; 0 picks a free one (default: 0)
  --user <name>        the API user (default: waymark)
  --password <secret>  the API user's password (required: the router has no default password)
  -h, --help           show this help`;
const { usageError, orUsageError, helpIfAsked } = commandLine("simulate-router", USAGE);

type Options = { site: keyof typeof DEMO_SITES; port: number; user: string; password: string };

/** Exits with the usage on --help (status 0) or on a mistake (status 2, the message first): never a stack trace. */
function readOptions(): Options {
  const { values } = orUsageError(() =>
    parseArgs({
      options: {
        site: { type: "string", default: "edge" },
        port: { type: "string", default: "0" },
        user: { type: "string", default: "waymark" },
        password: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }),
  );
  helpIfAsked(values.help);
  if (!Object.hasOwn(DEMO_SITES, values.site)) return usageError(`--site must be one of ${Object.keys(DEMO_SITES).join(", ")}`);
  if (!values.password) return usageError("--password is required (the router has no default password)");
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) return usageError(`--port ${values.port} is not a TCP port`);
  return { site: values.site as keyof typeof DEMO_SITES, port, user: values.user, password: values.password };
}

const options = readOptions();
const site = DEMO_SITES[options.site];
const router = await startDemoRouter(site, { port: options.port, users: [{ name: options.user, password: options.password }] });
console.log(JSON.stringify({ host: router.sim.host, port: router.sim.port, identity: site.identity, version: site.version }));
const stop = () => void router.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
