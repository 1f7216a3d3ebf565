// CLI for end-to-end tests: `npx tsx lab/gateway-lab.ts up|down|status`.
// `up` leaves a gateway lab running after exit and prints its connection details as JSON
// (also written to .lab/gateway-lab.json, root-only); `down` tears it down.
import { startGatewayLab } from "./gateway";
import { keptLab } from "./kept-lab";
import { runCli } from "./cli";

const kept = keptLab("gateway-cli", "gateway-lab.json");

async function up(): Promise<void> {
  await kept.down({ quiet: true });
  const lab = await startGatewayLab({ keep: true, label: kept.label });
  const details = {
    tag: lab.lab.tag,
    host: lab.host,
    port: lab.port,
    username: lab.username,
    password: lab.password,
    privateKey: lab.privateKey,
    encryptedKey: lab.encryptedKey,
    passphrase: lab.passphrase,
    blackholeHost: lab.blackholeHost,
    hostname: lab.hostname,
    hostKeyFingerprint: lab.hostKeyFingerprint,
  };
  kept.publish(details);
}

const { down, status } = kept;

runCli("gateway-lab", "tsx lab/gateway-lab.ts up|down|status", { up, down, status });
