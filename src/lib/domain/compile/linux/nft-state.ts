import { hex, linkMark, NFT_OBJECTS, NFT_TABLE } from "./layout";
import { nftPoolElements, poolFor, type PoolMember } from "./pool";

// What the on-device monitor sends when links change state (Pattern A): one `nft -f` transaction that rewrites
// the pool and the live set together. Kept here as the reference the monitor script is written (and tested)
// against; the compiler itself only needs the all-up state, which is inside the ruleset.

export function renderNftStateUpdate(members: readonly PoolMember[], live: readonly number[]): string {
  const table = `${NFT_TABLE.family} ${NFT_TABLE.name}`;
  const pool = poolFor(members, live);
  const up = members.filter((m) => live.includes(m.index)).map((m) => hex(linkMark(m.index)));
  return [
    `flush map ${table} ${NFT_OBJECTS.pool}`,
    ...(pool.length === 0 ? [] : [`add element ${table} ${NFT_OBJECTS.pool} { ${nftPoolElements(pool)} }`]),
    `flush set ${table} ${NFT_OBJECTS.linksUp}`,
    ...(up.length === 0 ? [] : [`add element ${table} ${NFT_OBJECTS.linksUp} { ${up.join(", ")} }`]),
    "",
  ].join("\n");
}
