// tool/netwatch http-get over real TCP: what a backend HTTP check sends is what a real router accepts, and the
// rest is refused as a real router refuses it.

import { describe, expect, it } from "vitest";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { SERVER_POOL_EXAMPLE } from "@/lib/domain/intent/examples";
import { useTestRouters } from "@tests/support/simulator/harness";

const router = useTestRouters();

const httpPool = () => {
  const input = structuredClone(SERVER_POOL_EXAMPLE);
  const web = input.inbound!.pools![0]!;
  web.probe = { type: "http", intervalMs: 1000, timeoutMs: 500, expectStatus: 204 };
  web.sticky = "source-and-port";
  return ZIntent.parse(input);
};

describe("tool/netwatch http-get", () => {
  it("takes the compiled backend check as the router does and prints it back", async () => {
    const r = await router({ version: "7.20.8" });
    const plan = compileRouterOs(httpPool(), { version: "7" });
    const check = plan.objects.find((o) => o.comment === "waymark:backend:web:app1")!;
    const { "up-script": _up, "down-script": _down, ...probe } = check.properties;
    expect(probe).toMatchObject({ type: "http-get", port: "443", "http-codes": "204", "thr-http-time": "500ms" });
    await r.add("tool/netwatch", probe);
    expect((await r.rows("/tool/netwatch/print", "=.proplist=type,port,http-codes,thr-http-time,interval,timeout"))[0]).toEqual({
      type: "http-get",
      port: "443",
      "http-codes": "204",
      "thr-http-time": "500ms",
      interval: "1s",
      timeout: "500ms",
    });
  });

  it("accepts the multi-range forms of http-codes and refuses codes outside 100..599 or a bad form", async () => {
    const r = await router({ version: "7.24" });
    for (const codes of ["200", "200-299", "200,301-302"]) {
      await r.add("tool/netwatch", { host: "192.168.10.21", type: "http-get", "http-codes": codes });
    }
    for (const codes of ["600", "99", "299-200", "ok", "2xx"]) {
      expect(await r.trapOf("/tool/netwatch/add", "=host=192.168.10.21", "=type=http-get", `=http-codes=${codes}`)).toBe(
        "value of http-codes out of range (100..599)",
      );
    }
  });

  it("has no path argument, and no http-get on RouterOS 6", async () => {
    const v7 = await router({ version: "7.24" });
    expect(await v7.trapOf("/tool/netwatch/add", "=host=192.168.10.21", "=type=http-get", "=path=/healthz")).toBe("unknown parameter path");
    expect(await v7.trapOf("/tool/netwatch/add", "=host=192.168.10.21", "=type=http-get", "=url=http://192.168.10.21/healthz")).toBe("unknown parameter url");
    const v6 = await router({ version: "6.49.10 (long-term)" });
    expect(await v6.trapOf("/tool/netwatch/add", "=host=192.168.10.21", "=http-codes=200")).toBe("unknown parameter");
  });

  it("takes the source-and-port classifier of a pool's PCC rules", async () => {
    const r = await router({ version: "7.24" });
    const plan = compileRouterOs(httpPool(), { version: "7" });
    const rule = plan.objects.find((o) => o.comment === "waymark:pool:web:app1:0")!;
    expect(rule.properties["per-connection-classifier"]).toMatch(/^src-address-and-port:\d+\/\d+$/);
    const { "in-interface": _wan, ...properties } = rule.properties; // the test router has no wan1
    await r.add("ip/firewall/nat", properties);
    expect((await r.rows("/ip/firewall/nat/print", "=.proplist=per-connection-classifier"))[0]).toEqual({
      "per-connection-classifier": rule.properties["per-connection-classifier"],
    });
    expect(await r.trapOf("/ip/firewall/nat/add", "=chain=dstnat", "=action=accept", "=per-connection-classifier=src-port-and-address:2/0")).toMatch(
      /per-connection-classifier/,
    );
  });
});
