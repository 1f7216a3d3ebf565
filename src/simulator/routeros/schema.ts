// Which menus, commands and arguments a RouterOS version has, from /console/inspect of real routers
// (schema/README.md). A device uses the newest vendored schema whose version is not above its own.

import v6_49 from "./schema/6.49.json";
import v7_9 from "./schema/7.9.2.json";
import v7_12 from "./schema/7.12.2.json";
import v7_16 from "./schema/7.16.2.json";
import v7_18 from "./schema/7.18.2.json";
import v7_20 from "./schema/7.20.8.json";
import v7_24 from "./schema/7.24.json";
import { compareVersions, parseVersion, type Version } from "./version";

/** menu path → command → accepted argument names; null: the version does not have the menu. */
export type SchemaMenus = Readonly<Record<string, Readonly<Record<string, readonly string[]>> | null>>;

export type RouterSchema = { readonly version: string; readonly menus: SchemaMenus };

const V7_SCHEMAS: readonly RouterSchema[] = [
  { version: "7.9.2", menus: v7_9.menus },
  { version: "7.12.2", menus: v7_12.menus },
  { version: "7.16.2", menus: v7_16.menus },
  { version: "7.18.2", menus: v7_18.menus },
  { version: "7.20.8", menus: v7_20.menus },
  { version: "7.24", menus: v7_24.menus },
];

// Every 6.x uses 6.49.json: 7.9.2 with the v6 differences that have a source (schema/README.md).
const V6_SCHEMA: RouterSchema = { version: "6.49", menus: v6_49.menus };

const byVersion = (schema: RouterSchema): Version => parseVersion(schema.version) ?? [0, 0, 0];

export const schemaFor = (version: string): RouterSchema => {
  const wanted = parseVersion(version);
  const oldest = V7_SCHEMAS[0] as RouterSchema;
  if (!wanted) return oldest;
  if (wanted[0] < 7) return V6_SCHEMA;
  let chosen = oldest;
  // "7.24" must pick 7.24 and "7.23.9" 7.20.8: compare on major.minor only, patch releases share a schema.
  for (const schema of V7_SCHEMAS) {
    const [major, minor] = byVersion(schema);
    if (compareVersions([major, minor, 0], [wanted[0], wanted[1], 0]) <= 0) chosen = schema;
  }

  return chosen;
};
