import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { PREPARE_COMMAND, prepareScript } from "./prepare-script";

const plan = compileLinux(ZIntent.parse(DUAL_WAN_EXAMPLE), { flavour: "nftables" });
const MONITOR =
  "#!/bin/sh\n# a monitor whose text holds the first here-document delimiter\nWAYMARK_FILE_1\necho 'quotes, $vars and `ticks` stay as they are'\n";
const script = prepareScript({ plan, pushId: "p1", monitorScript: MONITOR, confirmWindowSec: 30 });

let scratch: string | null = null;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

describe("[linux] the one-round-trip change", () => {
  it("is POSIX sh, and so is the command that saves and runs it", () => {
    expect(() => execFileSync("sh", ["-n", "-c", script])).not.toThrow();
    expect(() => execFileSync("sh", ["-n", "-c", PREPARE_COMMAND[2]!])).not.toThrow();
  });

  it("keeps the safety order: lock, files, nft -c, snapshot, arm, and only then apply", () => {
    const at = (text: string) => script.lastIndexOf(text);
    const order = [
      "( set -e; take_lock )",
      "stage upload write_files",
      "stage check check",
      "stage snapshot snapshot",
      "stage arm arm",
      "lan_sample before",
      "stage apply apply",
    ].map(at);
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // A failed stage ends the script with its own code: nothing after it runs.
    expect(script).toContain('if [ "$_rc" -ne 0 ]; then mark step "$1" failed; exit "$3"; fi');
  });

  it("writes every file exactly (newline-terminated), whatever it contains, through quoted here-documents", () => {
    scratch = mkdtempSync(path.join(tmpdir(), "wm-prepare-"));
    // write_files' body (the next function is check), its targets moved under the scratch directory.
    const body = script.slice(script.indexOf("write_files() {") + "write_files() {".length, script.indexOf("\n}\ncheck() {"));
    const moved = body.split("\n").map((line) => (/^(mkdir -p|cat >) '\/run\/waymark\//.test(line) ? line.replace("'/run/waymark/", `'${scratch}/`) : line));
    execFileSync("sh", ["-e", "-c", moved.join("\n")]);
    expect(readFileSync(path.join(scratch, "push-p1/monitor.sh"), "utf8")).toBe(MONITOR);
    expect(readFileSync(path.join(scratch, "candidate.nft"), "utf8")).toBe(plan.ruleset);
    expect(readFileSync(path.join(scratch, "push-p1/monitor.conf"), "utf8")).toBe(plan.monitor.config);
    expect(script).toContain("<<'WAYMARK_FILE_2'");
  });
});
