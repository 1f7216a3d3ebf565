// The fleet process: simulated routers on 127.0.0.1:<base-port + i> (./routers.ts), steered by the benchmark over
// a loopback HTTP control port. It runs apart from the dashboard so the two do not share an event loop or a core's
// accounting: /proc/<pid>/stat of each says what each costs.
// Usage: npx tsx --conditions=react-server bench/fleet/fleet.ts --base-port 30000 --control-port 29990
// Prints {"control": port, "template": port} as one JSON line once router 0 listens.
//   POST /grow {"count": N}            boot routers 1..N-1 from router 0's /export (push a plan to router 0 first)
//   POST /bump {"router": i, "packets": "…"}   set router i's first Waymark mangle rule's packet counter; → {"at"}
//   GET  /cost                         every router's API cost (logins, sentences, bytes) and the total
//   POST /reset-cost                   zero every router's API cost
//   GET  /stats                        this process's CPU time (µs), RSS and event-loop delay p50/p99 (ms)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { z } from "zod";

import { startFleet } from "./routers";

const { values } = parseArgs({ options: { "base-port": { type: "string", default: "30000" }, "control-port": { type: "string", default: "0" } } });
const basePort = Number(values["base-port"]);
const fleet = await startFleet(basePort);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const ZGrow = z.strictObject({ count: z.number().int().min(1).max(5_000) });
const ZBump = z.strictObject({ router: z.number().int().nonnegative(), packets: z.string().regex(/^\d{1,20}$/) });

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const where = `${req.method} ${req.url}`;
  if (where === "POST /grow") return reply(res, 200, await fleet.grow(ZGrow.parse(await body(req)).count));
  if (where === "POST /bump") {
    const bump = ZBump.parse(await body(req));
    return reply(res, 200, { at: fleet.bump(bump.router, BigInt(bump.packets)) });
  }
  if (where === "GET /cost") return reply(res, 200, fleet.cost());
  if (where === "POST /reset-cost") {
    fleet.resetCost();
    return reply(res, 200, {});
  }
  if (where === "GET /routers")
    return reply(
      res,
      200,
      fleet.routers().map((r) => ({ index: r.index, port: r.port })),
    );
  if (where === "GET /stats") {
    const cpu = process.cpuUsage();
    const stats = {
      cpuMicros: cpu.user + cpu.system,
      rss: process.memoryUsage().rss,
      loopP50Ms: loopDelay.percentile(50) / 1e6,
      loopP99Ms: loopDelay.percentile(99) / 1e6,
    };
    loopDelay.reset();
    return reply(res, 200, stats);
  }
  reply(res, 404, { error: `no ${where}` });
}

const control = createServer((req, res) => {
  route(req, res).catch((error: unknown) => reply(res, 400, { error: error instanceof Error ? error.message : String(error) }));
});
control.listen(Number(values["control-port"]), "127.0.0.1", () => {
  const address = control.address();
  console.log(JSON.stringify({ control: typeof address === "object" && address ? address.port : null, template: basePort }));
});

const stop = () => void fleet.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
