import type { MenuDefinition } from "../types";
import { systemIdentityMenu } from "./system-identity";
import { systemResourceMenu } from "./system-resource";

export const defaultMenus: readonly MenuDefinition[] = [systemIdentityMenu, systemResourceMenu];
