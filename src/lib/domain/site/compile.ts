import type { Capabilities } from "../device/capabilities";
import { compileAnycastSite } from "./anycast/compile";
import type { SiteIntent } from "./intent";
import type { SitePlan } from "./member-plan";
import { compileSharedVipSite } from "./vip/compile";

// A site's intent → one plan per member device (pure). What a member device cannot do (no BIRD, no nftables, a
// RouterOS router) is a warning of severity "error" on that member and a null plan, never a throw.

/** What the compiler knows of a member device: its name for words, and what inspection found (null: offline). */
export type SiteDevice = { id: string; name: string; capabilities: Capabilities | null };

export function compileSite(name: string, intent: SiteIntent, devices: ReadonlyMap<string, SiteDevice>): SitePlan {
  switch (intent.kind) {
    case "shared-vip":
      return compileSharedVipSite(name, intent, devices);
    case "anycast":
      return compileAnycastSite(name, intent, devices);
    default: {
      const unknownKind: never = intent;
      throw new Error(`no compiler for ${JSON.stringify(unknownKind)}`);
    }
  }
}
