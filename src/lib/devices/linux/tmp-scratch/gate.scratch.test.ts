import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../../../../lab";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";
import { linuxGateway } from "../gateway";
import { startPrivateSshd, type PrivateSshd } from "../private-gateway.lab-support";

let lab: WanLab; let sshd: PrivateSshd; let target: LinuxTarget;
beforeAll(async () => {
  lab = await startWanLab({ label: "scratch", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  target = { kind: "linux", host: sshd.host, port: sshd.port, username: "root", auth: { method: "key", privateKey: lab.privateKey }, pinnedHostKey: lab.hostKeyFingerprint };
}, 60_000);
afterAll(async () => { await sshd?.stop(); await lab?.stop(); });
const intent = (t2?: string[]): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: t2 ?? [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});
let n = 0;
async function push(i: IntentInput, last: string | null) {
  const plan = compileLinux(ZIntent.parse(i), { flavour: "nftables" });
  const steps: unknown[] = [];
  const t0 = Date.now();
  let watching = true;
  const watch = (async () => { while (watching) { const s = await sshd.readPrivate("/run/waymark/monitor.state").catch((e) => String(e)); console.log(Date.now() - t0, s.split("\n")[0]?.replace(/config=\S+/, "")); await new Promise((r) => setTimeout(r, 700)); } })();
  const outcome = await linuxGateway(target).push(plan, { pushId: `sc${process.pid}-${++n}`, planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"), lastAppliedTableHash: last, confirmWindowSec: 30, gateTimeoutMs: 20_000, onProgress: (e) => steps.push({ ...e, t: Date.now() - t0 }) });
  watching = false; await watch;
  console.log(JSON.stringify(outcome), JSON.stringify(steps));
  return outcome;
}
it("gate", async () => {
  const ok = await push(intent(), null);
  expect(ok.outcome).toBe("confirmed");
  for (let k = 0; k < 3; k++) {
    const bad = await push(intent(["192.0.2.99"]), (ok as any).appliedHash);
    console.log("BAD", JSON.stringify(bad));
  }
}, 300_000);
