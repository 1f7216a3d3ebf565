import "server-only";

// The intent in RouterOS terms for the router inspection found: its major version picks the vocabulary (v6
// routing-mark, v7 routing tables), the saved target options pick PCC or ECMP. What the router cannot do is a plan
// warning of severity "error", never a throw.

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import type { Capabilities } from "@/lib/domain/device/capabilities";
import type { Intent } from "@/lib/domain/intent";
import { isRouterOsVersionAtLeast } from "@/lib/domain/routeros-version";
import { routerOsMajor } from "@/lib/domain/target-options";

import { VERSION_UNKNOWN, type CompiledPlan, type CompileOptions } from "../../driver";
import { messageOf } from "../../push-progress";

const refusal = (code: string, message: string, label: string): CompiledPlan => ({ plan: null, warnings: [{ code, severity: "error", message }], label });

export function compileForRouter(intent: Intent, capabilities: Capabilities | null, options: CompileOptions & { versionHint?: string | null }): CompiledPlan {
  const assumed = options.assume?.routerosVersion;
  // A what-if major version stands for its newest release Waymark knows, so the 7.4 floor never refuses it.
  const version = assumed ? (assumed === "7" ? "7.24" : "6.49") : (capabilities?.softwareVersion ?? options.versionHint ?? null);
  const major = routerOsMajor(version);
  const balancer = options.targetOptions.routeros.balancer;
  const label = `RouterOS v${major ?? "?"} · ${balancer.toUpperCase()}`;
  if (major === null) {
    return refusal(
      VERSION_UNKNOWN,
      version ? `unsupported RouterOS version ${version}` : "the router's RouterOS version is not known yet; run Test connection first",
      label,
    );
  }
  // 7.0–7.3 lack netwatch probe types and have an unfinished routing rewrite; plans assume 7.4 or later.
  if (major === "7" && version !== null && !isRouterOsVersionAtLeast(version, "7.4")) {
    return refusal("routeros-too-old", `RouterOS ${version} is too old for Waymark's v7 plans; upgrade to 7.4 or later`, label);
  }
  if (options.dialect === "slashed" && major === "6") {
    return refusal("routeros-dialect", "RouterOS v6 does not accept /ip/firewall/... menu paths; use the spaced dialect", label);
  }
  try {
    const plan = compileRouterOs(intent, { version: major, balancer, dialect: options.dialect ?? "spaced" });
    return { plan, warnings: plan.warnings, label };
  } catch (error) {
    return refusal("routeros-cannot-compile", messageOf(error), label);
  }
}
