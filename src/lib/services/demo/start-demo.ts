import "server-only";
import { createHmac } from "node:crypto";
import { newId } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { masterKey } from "@/lib/secrets/master-key";
import { startRouterOsSimulator } from "@/simulator/routeros";
import { sealCredentials } from "../devices/credentials";

// Demo mode: simulated routers on loopback, listed in the inventory, so a newcomer has something to look at.
// The demo password is derived from the master key: stable across restarts, different on every installation.
const DEMO_ROUTERS = [
  { name: "demo-edge-01 (simulated RouterOS 7.16)", identity: "edge-01", boardName: "CCR2004-1G-12S+2XS", version: "7.16.2", port: 18728 },
  { name: "demo-branch-02 (simulated RouterOS 6.49)", identity: "branch-02", boardName: "RB4011iGS+", version: "6.49.10", port: 18738 },
] as const;

const holder = globalThis as unknown as { waymarkDemo?: Promise<void> };

export function startDemo(): Promise<void> {
  holder.waymarkDemo ??= run();
  return holder.waymarkDemo;
}

async function run(): Promise<void> {
  const password = createHmac("sha256", masterKey()).update("waymark demo routers").digest("base64url").slice(0, 24);
  for (const router of DEMO_ROUTERS) {
    await startRouterOsSimulator({
      host: "127.0.0.1",
      port: router.port,
      version: router.version,
      identity: router.identity,
      boardName: router.boardName,
      users: [{ name: "waymark", password }],
    });
    await ensureDevice(router.name, router.port, password);
  }
  console.log(`waymark: demo routers listening on 127.0.0.1:${DEMO_ROUTERS.map((r) => r.port).join(", ")}`);
}

async function ensureDevice(name: string, port: number, password: string): Promise<void> {
  if (await db().device.findUnique({ where: { name } })) return;
  const id = newId();
  await db().device.create({
    data: {
      id, name, kind: "routeros", host: "127.0.0.1", port, transport: "plain", username: "waymark",
      comment: "Simulated by Waymark's RouterOS simulator (demo mode).",
      sealedCredentials: sealCredentials(id, { kind: "routeros", password }),
    },
  });
}
