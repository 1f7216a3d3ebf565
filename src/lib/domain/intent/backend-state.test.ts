import { describe, expect, it } from "vitest";
import { backendStateRefusal, poolShares, takeOutWarning, withBackendState } from "./backend-state";
import { ZIntent, ZServerPool } from ".";
import { SERVER_POOL_EXAMPLE } from "./examples";

const pool = (weights: number[]) =>
  ZServerPool.parse({
    name: "web",
    listen: { interface: "wan1", protocol: "tcp", port: 443 },
    backends: weights.map((weight, i) => ({ name: `web${i + 1}`, address: `10.0.0.${11 + i}`, weight })),
  });

describe("[domain] backend maintenance rules", () => {
  it("shares new connections by weight among active backends", () => {
    expect([...poolShares(pool([2, 1, 1])).values()]).toEqual([50, 25, 25]);
  });

  it("refuses taking out the last active backend, and a change to the state it already has", () => {
    const one = pool([1, 1]);
    one.backends[1]!.state = "drain";
    expect(backendStateRefusal(one, one.backends[0]!, "drain")).toBe(
      "web1 is the last active backend of pool web; draining it would leave the pool with nothing to send new connections to",
    );
    expect(backendStateRefusal(one, one.backends[0]!, "disabled")).toMatch(/^web1 is the last active backend of pool web; disabling it/);
    expect(backendStateRefusal(one, one.backends[1]!, "drain")).toBe("web2 is already draining");
    expect(backendStateRefusal(one, one.backends[1]!, "active")).toBeNull();
  });

  it("warns when the backends left leave one carrying everything or ≥ 80 % of new connections", () => {
    expect(takeOutWarning(pool([1, 1]), "web1")).toBe("web2 would be the only active backend of pool web: it takes every new connection");
    expect(takeOutWarning(pool([1, 8, 2]), "web1")).toBe("web2 would take 80 % of pool web's new connections (weights web2 8, web3 2)");
    expect(takeOutWarning(pool([1, 1, 1]), "web1")).toBeNull();
  });

  it("changes one backend's state and nothing else", () => {
    const intent = ZIntent.parse(SERVER_POOL_EXAMPLE);
    const after = withBackendState(intent, "web", "app1", "drain");
    expect(after.inbound!.pools[0]!.backends.map((b) => b.state)).toEqual(["drain", "active", "drain"]);
    expect({ ...after, inbound: undefined }).toEqual({ ...intent, inbound: undefined });
    expect(after.inbound!.pools[1]).toEqual(intent.inbound!.pools[1]);
  });
});
