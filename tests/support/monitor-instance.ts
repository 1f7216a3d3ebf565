// One Waymark instance as the server starts it (migrations, settlers, the live-bus bridge, the monitor), without
// the HTTP side, for the multi-instance tests: it prints one JSON line per update its live bus delivers (its own
// devices' and, through PostgreSQL, every other instance's), so a test sees what a browser on it would see.
// The tests start several on one database and SIGKILL one. Usage (the dashboard's environment: DATABASE_URL,
// WAYMARK_DATA_DIR, WAYMARK_INSTANCE_ID):
//   npx tsx --conditions=react-server --tsconfig tsconfig.json tests/support/monitor-instance.ts
import { liveBus } from "@/lib/live/bus";
import { startServer } from "@/server-start";

liveBus().subscribe("*", (update) => {
  const { deviceId, seq, at, polledBy, state, problem } = update;
  const line = { deviceId, seq, at, polledBy, state, problem, readAtMs: update.reading?.readAtMs ?? null, heardAt: Date.now() };
  process.stdout.write(`${JSON.stringify({ update: line })}\n`);
});
await startServer();
process.stdout.write(`${JSON.stringify({ ready: process.env.WAYMARK_INSTANCE_ID })}\n`);
