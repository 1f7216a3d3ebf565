// POSIX sh quoting for the argv we send over SSH. The remote side always runs our string through the
// login shell, so every argument is single-quoted: inside '...' nothing is special except ' itself,
// which is closed, emitted as \' and reopened.

export function shellQuote(arg: string): string {
  if (arg.includes("\0")) throw new Error("shellQuote: NUL cannot be passed in a command line");
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function shellJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("shellJoin: empty command");
  return argv.map(shellQuote).join(" ");
}
