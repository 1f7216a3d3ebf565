// The anycast lab's plumbing: private Waymark directories per member, the edge's guard, and watching its route.
import { spawn } from "node:child_process";
import { sleep } from "./exec";
import type { LabNode } from "./lab";

const PRIVATE_DIRS = ["/run/waymark", "/etc/waymark", "/usr/local/lib/waymark"] as const;

/** The member's processes started through this node (its sshd, and so all Waymark runs there) get private Waymark directories. */
export function privateMounts(node: LabNode): LabNode {
  const mounts = PRIVATE_DIRS.map((d) => `mkdir -p ${d} && mount -t tmpfs -o mode=0755,size=16m waymark-lab ${d}`).join(" && ");
  return {
    ...node,
    spawn: (argv, o) => node.spawn(["unshare", "--mount", "--propagation", "private", "sh", "-c", `${mounts} && exec "$@"`, "sh", ...argv], o),
  };
}

/** Lab safety: the edge forwards nothing to or from its management link (the root namespace). */
export function guard(mgmtIf: string): string {
  return [
    "table inet wmlab_guard {",
    "  chain forward {",
    "    type filter hook forward priority raw; policy accept;",
    `    iifname "${mgmtIf}" counter drop`,
    `    oifname "${mgmtIf}" counter drop`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Watches the edge's routes (`ip monitor route`) and resolves at the first event after which the next hops fit. */
export async function waitForRoute(edge: LabNode, read: () => Promise<string[]>, wanted: (nexthops: string[]) => boolean, timeoutMs: number): Promise<number> {
  const monitor = spawn("ip", ["-n", edge.namespace ?? "", "monitor", "route"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const events: number[] = [];
    monitor.stdout.on("data", () => events.push(Date.now()));
    await sleep(20);
    if (wanted(await read())) return Date.now();
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      if (events.length > seen) {
        // The read shows the state after the latest event: date it by that one (never earlier than it happened).
        const at = events[events.length - 1] ?? Date.now();
        seen = events.length;
        if (wanted(await read())) return at;
      }
      await sleep(5);
    }
    throw new Error(`the edge's route did not change as wanted within ${timeoutMs} ms (next hops now: ${(await read()).join(", ") || "none"})`);
  } finally {
    monitor.kill();
  }
}
