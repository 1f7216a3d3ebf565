import type { SiteDevice } from "../compile";
import type { AnycastSite } from "../intent";
import type { SitePlan } from "../member-plan";

// CONTRACT PLACEHOLDER (lead, issue 12): replaced by the anycast slice.
export function compileAnycastSite(_name: string, _intent: AnycastSite, _devices: ReadonlyMap<string, SiteDevice>): SitePlan {
  throw new Error("anycast sites are not compiled yet");
}
