// A simulated MikroTik router on 127.0.0.1, as in the demo (booted from its export, LAN traffic flowing), for
// trying Waymark against a router without one, and for the browser tests.
// Usage: npx tsx --conditions=react-server scripts/simulate-router.ts --site edge|branch --port 18828 --user waymark --password …
// Prints {"host","port","identity","version"} as one JSON line once it listens; stops on SIGTERM/SIGINT.
import { parseArgs } from "node:util";
import { DEMO_SITES, startDemoRouter } from "@/simulator/routeros/demo";

const { values } = parseArgs({
  options: {
    site: { type: "string", default: "edge" },
    port: { type: "string", default: "0" },
    user: { type: "string", default: "waymark" },
    password: { type: "string" },
  },
});
const site = DEMO_SITES[values.site as keyof typeof DEMO_SITES];
if (!site) throw new Error(`--site must be one of ${Object.keys(DEMO_SITES).join(", ")}`);
if (!values.password) throw new Error("--password is required (the router has no default password)");
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a TCP port`);

const router = await startDemoRouter(site, { port, users: [{ name: values.user, password: values.password }] });
console.log(JSON.stringify({ host: router.sim.host, port: router.sim.port, identity: site.identity, version: site.version }));
const stop = () => void router.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
