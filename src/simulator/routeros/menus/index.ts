// Every menu the simulator answers. Item menus are specs run by one generic implementation (commands/);
// the registry then answers only what the device's version has (schema.ts).

import { itemMenu, readOnlyMenu } from "../commands/build";
import { settingsMenu } from "../commands/settings";
import type { MenuDefinition } from "../types";
import { addressListSpec, connectionSpec } from "./firewall-lists";
import { firewallSpecs } from "./firewall";
import { ethernetSpec, interfaceSpec } from "./interface";
import { interfaceListMemberSpec, interfaceListSpec } from "./interface-list";
import { ipAddressSpec } from "./ip-address";
import { netwatchSpec } from "./netwatch";
import { routeV6Spec, routeV7Spec } from "./route";
import { ipRouteRuleSpec, routingRuleSpec, routingTableSpec } from "./routing";
import { safeModeMenu } from "./safe-mode";
import { emailSpec, ipSettingsSpec } from "./settings";
import { availableFor, type MenuSpec, type SettingsSpec } from "./spec";
import { systemIdentityMenu } from "./system-identity";
import { systemResourceMenu } from "./system-resource";
import { schedulerSpec, scriptSpec } from "./system-script";

/** Item menus by API path; v6 and v7 route specs share "ip/route" (each declares its versions). */
export const itemSpecs: readonly MenuSpec[] = [
  ...firewallSpecs,
  addressListSpec,
  routeV7Spec,
  routeV6Spec,
  routingTableSpec,
  routingRuleSpec,
  ipRouteRuleSpec,
  netwatchSpec,
  scriptSpec,
  schedulerSpec,
  interfaceSpec,
  interfaceListSpec,
  interfaceListMemberSpec,
  ipAddressSpec,
];

export const settingsSpecs: readonly SettingsSpec[] = [ipSettingsSpec, emailSpec];

export const defaultMenus: readonly MenuDefinition[] = [
  systemIdentityMenu,
  systemResourceMenu,
  ...itemSpecs.map(itemMenu),
  readOnlyMenu(ethernetSpec, ["set", "unset", "enable", "disable", "comment"]),
  readOnlyMenu(connectionSpec, ["remove"]),
  ...settingsSpecs.map(settingsMenu),
  safeModeMenu,
];

/** The item menu spec `path` has on this device's version (ip/route differs between v6 and v7). */
export const itemSpecFor = (version: string, path: string): MenuSpec | undefined =>
  [...itemSpecs, ethernetSpec, connectionSpec].find((spec) => spec.path === path && availableFor(spec)(version));
