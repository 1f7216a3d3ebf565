// One configuration menu of a simulated router (/ip/firewall/mangle, /ip/route, ...): an ordered list of items.
// Order matters (firewall rules are evaluated top-down; print returns items in this order), and `.id`s are stable
// for the life of an item, never reused, as on a real router.

export type ConfigItem = {
  /** "*1A": "*" + uppercase hex. */
  readonly id: string;
  /**
   * Configured properties as print returns them (strings, booleans as "true"/"false"), including `comment` and
   * `disabled`. Defaults the user never set are filled in by the menu's describe hook, not stored here, so an export
   * of the item shows only what was set.
   */
  props: Record<string, string>;
  /** Created by the router itself (connected routes, conntrack entries, the fasttrack dummy rule). */
  dynamic: boolean;
  /** Firewall rules and interfaces count what they match; printed as `bytes` / `packets`. */
  counters: { bytes: bigint; packets: bigint };
  /** Read-only properties the dataplane maintains (route `active`, netwatch `status`/`since`, interface `running`). */
  runtime: Record<string, string>;
};

export type PlaceOptions = { placeBefore?: string; dynamic?: boolean };

export type ConfigTable = {
  readonly path: string;
  /** Live, ordered view. Mutate only through the methods, so revision and listeners stay right. */
  readonly items: readonly ConfigItem[];
  byId: (id: string) => ConfigItem | undefined;
  add: (props: Record<string, string>, options?: PlaceOptions) => ConfigItem;
  set: (id: string, props: Record<string, string>) => void;
  unset: (id: string, names: readonly string[]) => void;
  remove: (id: string) => void;
  /** Moves `ids` (in the given order) before `destination`, or to the end when it is absent. */
  move: (ids: readonly string[], destination?: string) => void;
  /** Used by snapshot restore only: replaces everything, keeping the id sequence monotonic. */
  replaceAll: (items: readonly ConfigItem[], nextId: number) => void;
  readonly nextId: number;
};

export type TableOptions = {
  /** First id number, e.g. 0x80000001 for v7 static routes; 1 otherwise. */
  firstId?: number;
  onChange?: (path: string) => void;
};

export const formatId = (n: number): string => `*${n.toString(16).toUpperCase()}`;

export const cloneItem = (item: ConfigItem): ConfigItem => ({
  id: item.id,
  props: { ...item.props },
  dynamic: item.dynamic,
  counters: { ...item.counters },
  runtime: { ...item.runtime },
});

export const createTable = (path: string, options: TableOptions = {}): ConfigTable => {
  let items: ConfigItem[] = [];
  let next = options.firstId ?? 1;
  const changed = () => options.onChange?.(path);
  const indexOf = (id: string): number => items.findIndex((item) => item.id === id);
  const mustFind = (id: string): ConfigItem => {
    const item = items.find((candidate) => candidate.id === id);
    if (!item) throw new Error(`no item ${id} in ${path}`);
    return item;
  };

  return {
    path,
    get items() {
      return items;
    },
    get nextId() {
      return next;
    },
    byId: (id) => items.find((item) => item.id === id),
    add: (props, { placeBefore, dynamic = false } = {}) => {
      const item: ConfigItem = { id: formatId(next++), props: { ...props }, dynamic, counters: { bytes: 0n, packets: 0n }, runtime: {} };
      const at = placeBefore === undefined ? -1 : indexOf(placeBefore);
      if (at < 0) items.push(item);
      else items.splice(at, 0, item);
      changed();
      return item;
    },
    set: (id, props) => {
      Object.assign(mustFind(id).props, props);
      changed();
    },
    unset: (id, names) => {
      const item = mustFind(id);
      for (const name of names) delete item.props[name];
      changed();
    },
    remove: (id) => {
      const at = indexOf(id);
      if (at >= 0) items.splice(at, 1);
      changed();
    },
    move: (ids, destination) => {
      const moving = ids.map(mustFind);
      items = items.filter((item) => !moving.includes(item));
      const at = destination === undefined ? -1 : indexOf(destination);
      if (at < 0) items.push(...moving);
      else items.splice(at, 0, ...moving);
      changed();
    },
    replaceAll: (replacement, nextId) => {
      items = replacement.map(cloneItem);
      next = Math.max(next, nextId);
      changed();
    },
  };
};
