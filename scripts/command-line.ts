// How the operator scripts answer their command line: --help prints the usage (exit 0); a mistake prints the problem
// and then the usage (exit 2). Never a stack trace.
export function commandLine(name: string, usage: string) {
  const usageError = (message: string): never => {
    console.error(`${name}: ${message}\n\n${usage}`);
    process.exit(2);
  };
  return {
    usageError,
    /** Runs a parse (parseArgs) whose error is the user's mistake, not a bug. */
    orUsageError: <T>(parse: () => T): T => {
      try {
        return parse();
      } catch (error) {
        return usageError(error instanceof Error ? error.message : String(error));
      }
    },
    helpIfAsked: (help: boolean): void => {
      if (!help) return;
      console.log(usage);
      process.exit(0);
    },
  };
}
