// `npm run db:migrate`: applies committed migrations to DATABASE_URL (default: the embedded SQLite file).
import { env } from "@/lib/env";
import { migrate } from "@/lib/db/migrate";

const result = await migrate(env().databaseUrl);
console.log(
  result.applied.length
    ? `applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
    : `database up to date (${result.alreadyApplied} migration(s))`,
);
