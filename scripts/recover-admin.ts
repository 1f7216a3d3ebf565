// The operator's way back in when no admin can sign in: promotes a user to admin (or creates one with a generated
// password, shown once) directly in the database, and writes it to the audit log. Run it on the server's machine,
// from the install directory, with the service's environment (DATABASE_URL / WAYMARK_DATA_DIR).
// Usage: npx tsx --conditions=react-server scripts/recover-admin.ts <username> [--reset-password]
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { serviceContext } from "@/lib/services/context";
import { recoverAdmin, type RecoveredAdmin } from "@/lib/services/users/recover-admin";
import { commandLine } from "./command-line";

const USAGE = `Usage: npx tsx --conditions=react-server scripts/recover-admin.ts <username> [--reset-password]

Makes <username> an admin, directly in Waymark's database (DATABASE_URL, or the SQLite file under
WAYMARK_DATA_DIR: run it with the service's environment). A user that does not exist is created with a
generated password, printed once. The change is recorded in the audit log as system:recover-admin.

Options:
  --reset-password  also give an existing user a new generated password (and sign them out everywhere)
  -h, --help        show this help`;
const { usageError, orUsageError, helpIfAsked } = commandLine("recover-admin", USAGE);

function readArgs(): { username: string; resetPassword: boolean } {
  const parsed = orUsageError(() =>
    parseArgs({
      allowPositionals: true,
      options: { "reset-password": { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    }),
  );
  helpIfAsked(parsed.values.help);
  if (parsed.positionals.length !== 1) return usageError("give exactly one username");
  return { username: parsed.positionals[0]!, resetPassword: parsed.values["reset-password"] };
}

function report(result: RecoveredAdmin): string {
  const done = { created: "created admin", promoted: "promoted to admin:", already_admin: "already an admin:" }[result.outcome];
  const lines = [`recover-admin: ${done} ${result.username}`];
  if (result.password) {
    lines.push(`password (shown once; sign in and change it on your account page): ${result.password}`);
  }
  return lines.join("\n");
}

const args = readArgs();
const ctx = serviceContext({ type: "system", job: `recover-admin by ${userInfo().username}` }, null);
try {
  console.log(report(await recoverAdmin(ctx, args)));
} catch (error) {
  if (error instanceof z.ZodError) usageError(error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; "));
  console.error(`recover-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db().$disconnect();
}
