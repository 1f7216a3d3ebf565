import type { RouterOsBalancer, RouterOsDialect, RouterOsVersion } from "./types";

// `balancer` comes from the saved policy's target options (domain/target-options.ts, ZTargetOptions.routeros).

export type RouterOsCompileOptions = { version: RouterOsVersion; dialect?: RouterOsDialect; balancer?: RouterOsBalancer };

/** The options with defaults filled in; anything else is refused before compiling. */
export function checkOptions(options: RouterOsCompileOptions): Required<RouterOsCompileOptions> {
  const { version } = options;
  if (version !== "6" && version !== "7") throw new Error(`unknown RouterOS version ${String(version)}`);
  const dialect = options.dialect ?? "spaced";
  if (dialect !== "spaced" && dialect !== "slashed") throw new Error(`unknown RouterOS dialect ${String(dialect)}`);
  if (dialect === "slashed" && version === "6") throw new Error("RouterOS v6 does not accept /ip/firewall/... menu paths; use the spaced dialect");
  const balancer = options.balancer ?? "pcc";
  if (balancer !== "pcc" && balancer !== "ecmp") throw new Error(`unknown RouterOS balancer ${String(balancer)}`);
  return { version, dialect, balancer };
}
