// Runs one RouterOS API sentence against a router on loopback and prints its rows and `!done` attributes as JSON,
// for browser specs that play the router's admin (the product's client is server-only, so it runs in its own
// process, under --conditions=react-server). Usage:
//   WAYMARK_ROUTER='{"host":"127.0.0.1","port":…,"username":…,"password":…}' tsx --conditions=react-server \
//     tests/support/routeros/run-command.ts /ip/firewall/mangle/add =chain=prerouting …
import { connect } from "@/lib/devices/routeros/api-client";

const router = JSON.parse(process.env.WAYMARK_ROUTER ?? "{}") as { host: string; port: number; username: string; password: string };
if (router.host !== "127.0.0.1") throw new Error("run-command talks to a router on 127.0.0.1 only");
const client = await connect({ ...router, transport: "plain", connectTimeoutMs: 5_000, commandTimeoutMs: 5_000 });
try {
  const result = await client.command(process.argv.slice(2));
  console.log(JSON.stringify({ rows: result.rows, done: result.done }));
} finally {
  await client.close();
}
