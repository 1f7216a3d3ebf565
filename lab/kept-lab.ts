// What the lab CLIs share about a lab kept running after they exit: its details as JSON on stdout and in a
// root-only file under .lab/ (for `status` and the CLI's other verbs), and `down`, which tears down every kept
// lease under the CLI's label and sweeps whatever a crashed run left.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readLeases } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";

/** Where the CLIs keep what outlives them (not lab/state.ts's /run/wmlab, the leases). */
export const CLI_STATE_DIR = fileURLToPath(new URL("../.lab/", import.meta.url));

export type KeptLab = {
  /** The lease label the CLI's `up` keeps its lab under. */
  label: string;
  detailsFile: string;
  /** Writes the details file and prints the same JSON. */
  publish(details: unknown): void;
  /** The details `up` published; throws when no lab is up. */
  details<T>(): T;
  down(options?: { quiet?: boolean }): Promise<void>;
  /** Prints the details file, or `null` (exit code 1) when no lab is up. */
  status(): void;
};

export function keptLab(label: string, fileName: string): KeptLab {
  const detailsFile = `${CLI_STATE_DIR}${fileName}`;
  return {
    label,
    detailsFile,
    publish(details) {
      const json = `${JSON.stringify(details, null, 2)}\n`;
      mkdirSync(CLI_STATE_DIR, { recursive: true, mode: 0o700 });
      writeFileSync(detailsFile, json, { mode: 0o600 });
      process.stdout.write(json);
    },
    details<T>() {
      return JSON.parse(readFileSync(detailsFile, "utf8")) as T;
    },
    async down(options = {}) {
      const kept = readLeases().filter((lease) => lease.keep && lease.label === label);
      for (const lease of kept) await teardownLease(lease);
      const swept = await sweepLeftovers();
      rmSync(detailsFile, { force: true });
      if (!options.quiet) process.stdout.write(`${JSON.stringify({ down: kept.map((l) => l.tag), swept })}\n`);
    },
    status() {
      try {
        process.stdout.write(readFileSync(detailsFile, "utf8"));
      } catch {
        process.stdout.write("null\n");
        process.exitCode = 1;
      }
    },
  };
}
