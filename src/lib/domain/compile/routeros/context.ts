import type { Intent } from "../../intent";
import type { LinkProbe } from "./probes";
import type { RouterOsBalancer, RouterOsMenu, RouterOsObject, RouterOsVersion, SwitchedBy } from "./types";

/** What every part of the RouterOS compiler needs to know about the compilation at hand. */
export type CompileContext = {
  intent: Intent;
  version: RouterOsVersion;
  balancer: RouterOsBalancer;
  /** The links that have a netwatch, in link order. */
  probes: LinkProbe[];
};

export const LAN_LIST = "waymark-lan";

export function obj(menu: RouterOsMenu, comment: string, properties: Record<string, string>, switchedBy?: SwitchedBy): RouterOsObject {
  const object: RouterOsObject = { menu, properties, comment: `waymark:${comment}` };
  return switchedBy === undefined ? object : { ...object, switchedBy };
}

export const linkNetwatchComment = (link: string): string => `waymark:netwatch:${link}`;
export const backendNetwatchComment = (pool: string, backend: string): string => `waymark:backend:${pool}:${backend}`;

/** Objects that carry a link's traffic are enabled while the link's netwatch says up; none if it has no netwatch. */
export function switchedByLink(ctx: CompileContext, link: string): SwitchedBy | undefined {
  if (!ctx.probes.some((p) => p.link.name === link)) return undefined;
  return { netwatch: linkNetwatchComment(link), enabledWhen: "up" };
}
