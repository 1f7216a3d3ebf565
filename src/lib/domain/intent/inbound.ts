import { z } from "zod";
import { ZInterfaceName, ZIPv4 } from "../network";
import { ZPort } from "../grammar";

// Inbound server pools: clients connect to one address and port on the gateway, and each new connection is
// forwarded to one backend by weight; a backend that stops answering its probe is taken out until it answers again.

/** Pool and backend names end up in rule comments and netwatch scripts: the link-name grammar, nothing wider. */
export const ZServerName = z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, "1–15 characters: lower-case letters, digits and -, starting with a letter");

/**
 * active: takes new connections by weight. drain: takes no new connections, the ones it has keep running.
 * disabled: takes nothing and its existing connections are cut.
 */
export const ZBackendState = z.enum(["active", "drain", "disabled"]);
export type BackendState = z.infer<typeof ZBackendState>;

export const ZBackend = z.strictObject({
  name: ZServerName,
  address: ZIPv4,
  /** Where the backend listens; the pool's listen port when absent. */
  port: ZPort.optional(),
  weight: z.number().int().min(1).max(100).default(1),
  state: ZBackendState.default("active"),
});
export type Backend = z.infer<typeof ZBackend>;

/**
 * per-connection: every new connection draws a backend. source: one client address always reaches the same backend.
 * source-and-port: one client address and source port always reach the same backend (a NAT'd office spreads).
 */
export const ZPoolStickiness = z.enum(["per-connection", "source", "source-and-port"]);
export type PoolStickiness = z.infer<typeof ZPoolStickiness>;

export const ZPoolProbe = z
  .strictObject({
    /**
     * icmp pings the backend's address; tcp opens a connection to the backend's port; http asks GET `path` of the
     * backend's port and wants `expectStatus`.
     */
    type: z.enum(["icmp", "tcp", "http"]).default("icmp"),
    intervalMs: z.number().int().min(100).max(60_000).default(1000),
    timeoutMs: z.number().int().min(50).max(10_000).default(500),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~/-]{0,100}$/, "a path such as /healthz: letters, digits and . _ ~ / -")
      .optional(),
    expectStatus: z.number().int().min(100).max(599).optional(),
    /** Consecutive failed probes before a backend is taken out, and answered ones before it is back (Linux monitor). */
    downCount: z.number().int().min(1).max(10).optional(),
    upCount: z.number().int().min(1).max(10).optional(),
  })
  .refine((p) => p.timeoutMs <= p.intervalMs, { message: "the timeout must not exceed the interval", path: ["timeoutMs"] })
  .refine((p) => p.type === "http" || p.path === undefined, { message: "only an HTTP probe asks for a path", path: ["path"] })
  .refine((p) => p.type === "http" || p.expectStatus === undefined, { message: "only an HTTP probe expects a status", path: ["expectStatus"] });
export type PoolProbe = z.infer<typeof ZPoolProbe>;

export const ZPoolListen = z.strictObject({
  /** A WAN link's interface, or any interface the clients arrive on. */
  interface: ZInterfaceName,
  /** The address clients connect to; any of the gateway's own addresses on that interface when absent. */
  address: ZIPv4.optional(),
  protocol: z.enum(["tcp", "udp"]),
  port: ZPort,
});
export type PoolListen = z.infer<typeof ZPoolListen>;

export const ZServerPool = z
  .strictObject({
    name: ZServerName,
    listen: ZPoolListen,
    backends: z.array(ZBackend).min(1, "at least one backend").max(16),
    sticky: ZPoolStickiness.default("per-connection"),
    probe: ZPoolProbe.default({ type: "icmp", intervalMs: 1000, timeoutMs: 500 }),
  })
  .superRefine((pool, ctx) => {
    const issue = (message: string, path: (string | number)[] = ["backends"]) => ctx.addIssue({ code: "custom", path, message });
    for (const name of duplicates(pool.backends.map((b) => b.name))) issue(`two backends are named ${name}`);
    for (const at of duplicates(pool.backends.map((b) => `${b.address}:${b.port ?? pool.listen.port}`))) issue(`two backends are ${at}`);
    if (!pool.backends.some((b) => b.state === "active")) issue(`pool ${pool.name} has no active backend`);
  });
export type ServerPool = z.infer<typeof ZServerPool>;

export const ZInbound = z.strictObject({ pools: z.array(ZServerPool).max(16).default([]) }).superRefine((inbound, ctx) => {
  for (const name of duplicates(inbound.pools.map((p) => p.name))) ctx.addIssue({ code: "custom", path: ["pools"], message: `two pools are named ${name}` });
  inbound.pools.forEach((pool, index) => {
    const clash = inbound.pools.slice(0, index).find((earlier) => listensClash(earlier.listen, pool.listen));
    if (clash !== undefined) {
      const { protocol, port, interface: on } = pool.listen;
      ctx.addIssue({
        code: "custom",
        path: ["pools", index, "listen"],
        message: `pools ${clash.name} and ${pool.name} both listen on ${on} ${protocol} port ${port}`,
      });
    }
  });
});
export type Inbound = z.infer<typeof ZInbound>;

/** Two pools clash when one packet could match both: same interface, protocol and port, and overlapping addresses. */
function listensClash(a: PoolListen, b: PoolListen): boolean {
  const sameAddress = a.address === undefined || b.address === undefined || a.address === b.address;
  return a.interface === b.interface && a.protocol === b.protocol && a.port === b.port && sameAddress;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
