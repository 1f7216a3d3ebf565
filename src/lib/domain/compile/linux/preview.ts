import type { LinuxCleanup, LinuxPlan } from "./types";

// The plan as one readable shell-like script, in the order things are sent: what an engineer reviews before a
// push. Files are shown as quoted here-documents with their exact content.

const HEREDOC_END = "WAYMARK_EOF";

export function shellJoin(argv: readonly string[]): string {
  return argv.map((arg) => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

function file(path: string, content: string): string[] {
  if (content.split("\n").includes(HEREDOC_END)) throw new Error(`file content contains the here-document end ${HEREDOC_END}`);
  return [`mkdir -p ${path.slice(0, path.lastIndexOf("/"))}`, `cat > ${path} <<'${HEREDOC_END}'`, content.replace(/\n$/, ""), HEREDOC_END];
}

/** Cleanup commands that differ only in their last argument, as one `for` loop over it. */
function cleanupLoops(entries: readonly LinuxCleanup[], wrap: (command: string) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const { argv } of entries) {
    const head = shellJoin(argv.slice(0, -1));
    groups.set(head, [...(groups.get(head) ?? []), shellJoin([argv[argv.length - 1]!])]);
  }
  return [...groups].map(([head, values]) =>
    values.length === 1 ? wrap(`${head} ${values[0]}`) : `for v in ${values.join(" ")}; do ${wrap(`${head} "$v"`)}; done`,
  );
}

export function renderPreview(plan: Omit<LinuxPlan, "script">, title: string): string {
  const warnings = plan.warnings.map((w) => `#   [${w.severity}] ${w.message}`);
  return [
    `# ${title}`,
    ...(warnings.length === 0 ? [] : ["# Warnings:", ...warnings]),
    "",
    "# 1. Kernel settings",
    ...plan.sysctls.map((s) => shellJoin(s.argv)),
    "",
    "# 2. One routing table per link (tables of link indexes no longer used are flushed)",
    ...plan.routes.map((r) => shellJoin(r.argv)),
    ...cleanupLoops(
      plan.cleanup.filter((c) => !c.untilFails),
      (cmd) => `${cmd} 2>/dev/null || true`,
    ),
    "",
    "# 3. Routing rules: every Waymark priority is cleared, then the rules are added",
    ...cleanupLoops(
      plan.cleanup.filter((c) => c.untilFails),
      (cmd) => `while ${cmd} 2>/dev/null; do :; done`,
    ),
    ...plan.rules.map((r) => shellJoin(r.argv)),
    "",
    "# 4. Packet rules: written, checked by the kernel, then applied in one transaction",
    ...file(plan.rulesetPath, plan.ruleset),
    shellJoin(plan.apply.check),
    shellJoin(plan.apply.load),
    ...plan.hooks.map((h) => `${shellJoin(h.check)} 2>/dev/null || ${shellJoin(h.insert)}`),
    "",
    "# 5. Monitor configuration",
    ...file(plan.monitor.path, plan.monitor.config),
    "",
  ].join("\n");
}
