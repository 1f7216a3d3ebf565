import { growthSinceReset, perSecond } from "../monitor/rates";
import type { Traffic } from "../device/reading";
import type { Rate } from "./live";
import type { MemberReading } from "./member-reading";

// A site member's rates between two of its readings, computed on the server as a device's are
// (domain/monitor/rates.ts): exact BigInt growth, only the per-second figure a float. The counters are nftables
// rule counters on the member (a node's kept and let-go packets, a server's arrivals, the edge's per-next-hop
// forwarding), so a counter that went down was reset by a push replacing its table or a reboot: it has counted
// from zero since, and its growth is what it shows now. A first reading has no rates.

/** Rate keys: "answered" / "ignored" (VIP node), "served" (anycast server), "forwarded:<server>" at the edge. */
export const forwardedKey = (server: string): string => `forwarded:${server}`;

function trafficRate(now: Traffic | null, before: Traffic | null | undefined, elapsedMs: number): Rate {
  if (!now || !before || elapsedMs <= 0) return { packetsPerSec: null, bitsPerSec: null };
  const bytes = perSecond(growthSinceReset(now.bytes, before.bytes), elapsedMs);
  return { packetsPerSec: perSecond(growthSinceReset(now.packets, before.packets), elapsedMs), bitsPerSec: bytes === null ? null : bytes * 8 };
}

/** Every rate of a member between its previous reading and this one (null rates for a first reading). */
export function memberRates(current: MemberReading, previous: MemberReading | null): Record<string, Rate> {
  const before = previous?.role === current.role ? previous : null;
  const elapsedMs = before ? current.readAtMs - before.readAtMs : 0;
  switch (current.role) {
    case "vip-node": {
      const earlier = before as Extract<MemberReading, { role: "vip-node" }> | null;
      return { answered: trafficRate(current.answered, earlier?.answered, elapsedMs), ignored: trafficRate(current.ignored, earlier?.ignored, elapsedMs) };
    }
    case "anycast-server": {
      const earlier = before as Extract<MemberReading, { role: "anycast-server" }> | null;
      return { served: trafficRate(current.served, earlier?.served, elapsedMs) };
    }
    case "anycast-edge": {
      const earlier = before as Extract<MemberReading, { role: "anycast-edge" }> | null;
      const hops = new Map(earlier?.nexthops.map((h) => [h.device ?? h.via, h]) ?? []);
      return Object.fromEntries(
        current.nexthops.map((h) => {
          const server = h.device ?? h.via;
          return [forwardedKey(server), trafficRate(h.forwarded, hops.get(server)?.forwarded, elapsedMs)];
        }),
      );
    }
    default: {
      const unknownRole: never = current;
      throw new Error(`no rates for ${JSON.stringify(unknownRole)}`);
    }
  }
}
