import "server-only";

// The API sentences a push sends, one function each, so every word a push can put on the wire is in this file.
// Item verbs take `=.id=` (set, remove) or `=numbers=` (move, unset) as the API page and librouteros do
// (reference §1.8); a switch (fib, blackhole) is sent as `=fib=` and acts by its presence.

import type { RouterOsClient } from "../api-client";
import type { RouterOsRow } from "../reply";

export type PrintOptions = { proplist?: readonly string[]; query?: Readonly<Record<string, string>> };

const attributes = (props: Readonly<Record<string, string>>): string[] => Object.entries(props).map(([name, value]) => `=${name}=${value}`);

/** `?a=x ?a=y ?#|`: items whose `name` is any of `values` (API page, "Queries": the query stack). */
export const anyOf = (name: string, values: readonly string[]): string[] => [
  ...values.map((value) => `?${name}=${value}`),
  ...values.slice(1).map(() => "?#|"),
];

export const printItems = async (client: RouterOsClient, menu: string, options: PrintOptions = {}): Promise<RouterOsRow[]> => {
  const words = [`${menu}/print`];
  if (options.proplist) words.push(`=.proplist=${options.proplist.join(",")}`);
  for (const [name, value] of Object.entries(options.query ?? {})) words.push(`?${name}=${value}`);
  return (await client.command(words)).rows;
};

/** `print =count-only=` with equality queries: `!done =ret=<n>` and no rows (reference §1.7). */
export const countItems = async (client: RouterOsClient, menu: string, query: Readonly<Record<string, string>>): Promise<number> => {
  const words = [`${menu}/print`, "=count-only="];
  for (const [name, value] of Object.entries(query)) words.push(`?${name}=${value}`);
  const { done } = await client.command(words);
  return Number.parseInt(done.ret ?? "0", 10);
};

/** `add`; resolves to the new item's `.id` from `!done =ret=`. */
export const addItem = async (client: RouterOsClient, menu: string, props: Readonly<Record<string, string>>, placeBefore?: string): Promise<string> => {
  const words = [`${menu}/add`, ...attributes(props)];
  if (placeBefore !== undefined) words.push(`=place-before=${placeBefore}`);
  const { done } = await client.command(words);
  return done.ret ?? "";
};

export const setItem = async (client: RouterOsClient, menu: string, id: string, props: Readonly<Record<string, string>>): Promise<void> => {
  await client.command([`${menu}/set`, `=.id=${id}`, ...attributes(props)]);
};

export const unsetItem = async (client: RouterOsClient, menu: string, id: string, name: string): Promise<void> => {
  await client.command([`${menu}/unset`, `=numbers=${id}`, `=value-name=${name}`]);
};

/** Without a destination the item goes to the end of the table [UNVERIFIED on a real router; the CLI's help says so]. */
export const moveItem = async (client: RouterOsClient, menu: string, id: string, destination?: string): Promise<void> => {
  await client.command([`${menu}/move`, `=numbers=${id}`, ...(destination === undefined ? [] : [`=destination=${destination}`])]);
};

export const removeItems = async (client: RouterOsClient, menu: string, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  await client.command([`${menu}/remove`, `=.id=${ids.join(",")}`]);
};

/** Ids of the items whose `name` is exactly `name` (scripts and scheduler jobs are addressed by name). */
export const idsByName = async (client: RouterOsClient, menu: string, name: string): Promise<string[]> =>
  (await printItems(client, menu, { proplist: [".id"], query: { name } })).map((row) => row[".id"] ?? "").filter((id) => id !== "");
