// Forwarding throughput through a Linux gateway with and without Waymark's policy: iperf3 (TCP, LAN client →
// internet host, several parallel streams) across the dual-WAN lab, in two labs side by side:
//   baseline: the gateway's plain default route via isp1 plus one masquerade rule (no Waymark table, no monitor);
//   waymark:  a 3:1 per-connection policy pushed through the dashboard's pusher (nft table with marks, per-link
//             routing tables, ip rules, the running monitor).
// The two are measured in pairs, back to back (the order flips every run), so load elsewhere on the host hits
// both alike; the headline is the median of the per-pair ratios.
// Everything is veth inside network namespaces, so this measures the gateway's per-packet CPU cost, not links.
// With --control both labs get the baseline (an A/A run): how far apart two identical labs measure on this host.
// With --tiered the policy keeps every connection on isp1 (isp2 is a tier-2 backup): Waymark's data path
// without the split over two WANs.
// Usage: npx tsx bench/linux-throughput.ts [runs=11] [--control | --tiered]
import { readFileSync } from "node:fs";
import { runIperf, startIperfServer } from "../lab";
import { median, runsArg, sleep, span, withLabs, type BenchLab } from "./linux-lab";

const RUNS = runsArg(11);
const CONTROL = process.argv.includes("--control");
const TIERED = process.argv.includes("--tiered");
const BASELINE_NAT =
  'table ip wmbench_nat {\n chain postrouting {\n  type nat hook postrouting priority srcnat; policy accept;\n  oifname "wan1" masquerade\n }\n}\n';
const SECONDS = 5;
/** Several streams as asked, and one stream, whose run-to-run spread on this 2-core host is far smaller. */
const STREAMS = [4, 1] as const;

function quartiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))]!;
  return [at(0.25), at(0.75)];
}

/** CPU time (in clock ticks, children included) of the monitor's long-lived processes in the gateway namespace. */
async function monitorTicks(bench: BenchLab): Promise<number> {
  const { stdout } = await bench.lab.gateway.exec(["ip", "netns", "pids", bench.lab.gateway.namespace!]).catch(() => ({ stdout: "" }));
  let ticks = 0;
  for (const pid of stdout.split(/\s+/).filter(Boolean)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("monitor.sh")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      // After "pid (comm) ": state is field 0, utime/stime/cutime/cstime are fields 11-14.
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    } catch {
      // gone meanwhile (a prober between rounds, or a restarted monitor)
    }
  }
  return ticks;
}

await withLabs(async (start) => {
  const [baseline, waymark] = await Promise.all([start({ label: "bthru0", lanClients: 1, defaultVia: "isp1" }), start({ label: "bthru1", lanClients: 1 })]);
  // Baseline NAT: what any plain single-uplink gateway has (the lab installs the route but no NAT).
  await baseline.lab.gateway.exec(["nft", "-f", "-"], { input: BASELINE_NAT });
  if (CONTROL) {
    await waymark.lab.setDefaultRoute("isp1");
    await waymark.lab.gateway.exec(["nft", "-f", "-"], { input: BASELINE_NAT });
  } else {
    const pushed = await waymark.push(TIERED ? waymark.plan([1, 1], "per-connection", [1, 2]) : waymark.plan([3, 1]), null);
    if (pushed.outcome.outcome !== "confirmed") throw new Error(`push: ${JSON.stringify(pushed.outcome)}`);
    await waymark.waitAllUp();
  }
  const servers = await Promise.all([baseline, waymark].map((b) => startIperfServer(b.lab.internet, { dir: b.lab.lab.tmpDir })));
  const cpus = (await import("node:os")).cpus();
  if (CONTROL) console.log('CONTROL RUN: the "waymark" lab below is a second baseline lab (no Waymark policy)');
  if (TIERED) console.log("TIERED: the Waymark policy is isp1 tier 1, isp2 tier 2 (every connection on isp1)");
  console.log(`host: ${cpus.length} cores (${cpus[0]?.model ?? "?"}); iperf3 -t ${SECONDS} -P ${STREAMS.join("/")}, LAN client → 192.0.2.10`);

  const measure = async (bench: BenchLab, streams: number) => {
    const result = await runIperf(bench.lab.clients[0]!.node, { seconds: SECONDS, parallel: streams });
    return { gbps: result.bitsPerSecond / 1e9, retransmits: result.retransmits ?? 0 };
  };
  // One short warm-up each (first-run effects: page cache, conntrack tables, CPU frequency).
  await measure(baseline, STREAMS[0]);
  await measure(waymark, STREAMS[0]);

  const t0 = Date.now();
  const ticks0 = await monitorTicks(waymark);
  const results = STREAMS.map((streams) => ({ streams, plain: [] as number[], policy: [] as number[], ratios: [] as number[] }));
  for (let run = 1; run <= RUNS; run++) {
    const order =
      run % 2
        ? ([
            ["baseline", baseline],
            ["waymark", waymark],
          ] as const)
        : ([
            ["waymark", waymark],
            ["baseline", baseline],
          ] as const);
    const parts: string[] = [];
    for (const r of results) {
      const got: Record<string, { gbps: number; retransmits: number }> = {};
      for (const [name, bench] of order) {
        got[name] = await measure(bench, r.streams);
        await sleep(300);
      }
      r.plain.push(got.baseline!.gbps);
      r.policy.push(got.waymark!.gbps);
      r.ratios.push((100 * got.waymark!.gbps) / got.baseline!.gbps);
      parts.push(
        `-P ${r.streams}: baseline ${got.baseline!.gbps.toFixed(2)}, waymark ${got.waymark!.gbps.toFixed(2)} Gbit/s (${r.ratios.at(-1)!.toFixed(1)} %)`,
      );
    }
    console.log(`run ${run}/${RUNS}: ${parts.join("; ")}`);
  }
  const monitorCpu = (await monitorTicks(waymark)) - ticks0;
  const seconds = (Date.now() - t0) / 1000;
  await Promise.all(servers.map((s) => s.stop()));

  for (const r of results) {
    console.log(`\n${r.streams} stream(s):`);
    console.log(`  baseline (default route + masquerade): ${span(r.plain, "Gbit/s", 2)}`);
    console.log(`  waymark policy (${TIERED ? "tiered" : "3:1"}, monitor running): ${span(r.policy, "Gbit/s", 2)}`);
    const [q1, q3] = quartiles(r.ratios);
    console.log(
      `  waymark / baseline: median of per-run ratios ${median(r.ratios).toFixed(1)} % (IQR ${q1.toFixed(1)}-${q3.toFixed(1)} %), ratio of medians ${((100 * median(r.policy)) / median(r.plain)).toFixed(1)} %`,
    );
  }
  console.log(
    `\nthe monitor used ${((monitorCpu / 100 / seconds) * 100).toFixed(1)} % of one core over those ${seconds.toFixed(0)} s (both labs share the host's cores)`,
  );
});
