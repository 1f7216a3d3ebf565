// Failover drills on a real Linux gateway (the dual-WAN lab) through the dashboard's API, as an operator runs them:
// a 1:1 policy pushed, then `runs` drills of 10 s alternating isp1 and isp2 while two LAN clients keep opening
// connections. Prints the medians of what the drill measured from the gateway's own reports: detection (the
// monitor declaring the link down after the block), switch (the first reading with new connections on the other
// link and none on the drilled one) and recovery (up again after the restore). The drill reads the gateway over a
// new SSH connection per reading, so switch times are only as fine as one reading.
// Usage: npx tsx bench/failover-drill.ts [runs=6]
import { runsArg, span, withLabs } from "./linux-lab";

const RUNS = runsArg(6);

await withLabs(async (start) => {
  const bench = await start({ label: "bench-drill", lanClients: 2 });
  const { lab, target } = bench;
  const { startApiDashboard } = await import("./api-dashboard");
  const api = await startApiDashboard();
  try {
    const created = await api.call("POST", "/devices", {
      kind: "linux",
      name: "bench-gateway",
      host: target.host,
      port: target.port,
      username: "root",
      auth: { method: "key", privateKey: lab.privateKey },
    });
    if (created.status !== 201) throw new Error(`device: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.id as string;
    await api.call("POST", `/devices/${id}/test-connection`);
    const intent = {
      links: (["isp1", "isp2"] as const).map((name, i) => ({
        name,
        interface: `wan${i + 1}`,
        gateway: name === "isp1" ? "198.51.100.1" : "203.0.113.1",
        probe: { targets: [...lab.probeTargets] },
      })),
      outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
    };
    if ((await api.call("PUT", `/devices/${id}/policy`, intent)).status !== 200) throw new Error("policy not saved");
    const push = await api.call("POST", `/devices/${id}/push?wait=90`, { reason: "bench", confirmWindowSec: 20 });
    if (push.json?.status !== "confirmed") throw new Error(`push: ${JSON.stringify(push.json)}`);
    await bench.waitAllUp();

    let flowing = true;
    const traffic = lab.clients.flatMap((client) =>
      [1, 2, 3, 4].map(async () => {
        while (flowing) await client.connect({ count: 1, timeoutMs: 500 }).catch(() => undefined);
      }),
    );
    const detection: number[] = [];
    const switched: number[] = [];
    const recovery: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const link = i % 2 === 0 ? "isp1" : "isp2";
        const drill = (await api.call("POST", `/devices/${id}/drills?wait=120`, { link, durationS: 10 })).json;
        if (drill?.outcome !== "passed") throw new Error(`drill ${i + 1}: ${JSON.stringify(drill)}`);
        console.log(`drill ${i + 1} (${link}): ${drill.detail}`);
        detection.push(drill.detectionMs);
        if (drill.switchMs !== null) switched.push(drill.switchMs);
        recovery.push(drill.recoveryMs);
        await bench.waitAllUp();
      }
    } finally {
      flowing = false;
      await Promise.all(traffic);
    }
    console.log(`detection: ${span(detection)}`);
    console.log(`switch:    ${span(switched)}`);
    console.log(`recovery after the restore: ${span(recovery)}`);
  } finally {
    await api.close();
  }
});
