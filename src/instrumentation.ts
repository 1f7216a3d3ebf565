// Runs once when the server starts: bring the database schema up to date, then (demo mode) start the simulated
// routers and make sure the inventory lists them.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server-start");
  await startServer();
}
