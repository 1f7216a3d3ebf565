// A dashboard process that does one thing: start a push (or a removal of Waymark's policy) to one device and run
// it, as the API would. The crash tests start it as a child process and kill it with SIGKILL in the middle of it.
// Usage (environment as the dashboard's: DATABASE_URL, WAYMARK_DATA_DIR; WAYMARK_TEST_CONFIRM_WINDOW_SEC, at
// least 10, for a device whose rollback switch fires on real time):
//   npx tsx --conditions=react-server --tsconfig tsconfig.json tests/support/push-worker.ts <deviceId> [push|remove]
import { z } from "zod";
import { serviceContext } from "@/lib/services/context";
import { removePolicy, startPush } from "@/lib/services/pushes";

const [deviceId, mode] = z.tuple([z.string().min(1), z.enum(["push", "remove"]).default("push")]).parse(process.argv.slice(2));
const confirmWindowSec = z.coerce.number().int().min(10).max(600).default(30).parse(process.env.WAYMARK_TEST_CONFIRM_WINDOW_SEC);
const ctx = serviceContext({ type: "system", job: "crash-test" }, null);
const push =
  mode === "remove"
    ? await removePolicy(ctx, deviceId, { reason: "crash test", confirmWindowSec })
    : await startPush(ctx, deviceId, { reason: "crash test", confirmWindowSec });
console.log(JSON.stringify({ pushId: push.id }));
