// A dashboard process that does one thing: start a push to one device and run it, as the API would. The crash tests
// start it as a child process and kill it with SIGKILL in the middle of the push.
// Usage (environment as the dashboard's: DATABASE_URL, WAYMARK_DATA_DIR):
//   npx tsx --conditions=react-server --tsconfig tsconfig.json tests/support/push-worker.ts <deviceId>
import { serviceContext } from "@/lib/services/context";
import { startPush } from "@/lib/services/pushes";

const deviceId = process.argv[2];
if (!deviceId) throw new Error("usage: push-worker.ts <deviceId>");
const push = await startPush(serviceContext({ type: "system", job: "crash-test" }, null), deviceId, { reason: "crash test", confirmWindowSec: 30 });
console.log(JSON.stringify({ pushId: push.id }));
