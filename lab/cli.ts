// The lab CLIs' shared entry: dispatch argv[2] to an action, print usage on anything else, exit non-zero on failure.
export function runCli(name: string, usage: string, actions: Record<string, () => Promise<void> | void>): void {
  const command = process.argv[2];
  const action = command ? actions[command] : undefined;
  if (!action) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  Promise.resolve(action()).catch((error: unknown) => {
    process.stderr.write(`${name} ${command} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
