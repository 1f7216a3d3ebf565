import type { SiteDevice } from "../compile";
import type { SharedVipSite } from "../intent";
import type { SitePlan } from "../member-plan";

// CONTRACT PLACEHOLDER (lead, issue 12): replaced by the shared-VIP slice.
export function compileSharedVipSite(_name: string, _intent: SharedVipSite, _devices: ReadonlyMap<string, SiteDevice>): SitePlan {
  throw new Error("shared virtual IP sites are not compiled yet");
}
