// A dashboard process that does one thing: start a failover drill of one link on one device and run it, as the
// API would. The drill crash test starts it as a child process and kills it with SIGKILL in the middle of it.
// Usage (environment as the dashboard's: DATABASE_URL, WAYMARK_DATA_DIR):
//   npx tsx --conditions=react-server --tsconfig tsconfig.json tests/support/drill-worker.ts <deviceId> <link> <durationS>
import { z } from "zod";
import { serviceContext } from "@/lib/services/context";
import { startFailoverDrill } from "@/lib/services/drills";

const [deviceId, link, durationS] = z.tuple([z.string().min(1), z.string().min(1), z.coerce.number().int()]).parse(process.argv.slice(2));
const drill = await startFailoverDrill(serviceContext({ type: "system", job: "crash-test" }, null), deviceId, { link, durationS });
console.log(JSON.stringify({ drillId: drill.id }));
