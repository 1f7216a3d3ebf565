import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";
import { emailLines, removeConnectionsLine, switchLine } from "./netwatch";

const compile = (change: (i: IntentInput) => void, version: "6" | "7") => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  change(input);
  return compileRouterOs(ZIntent.parse(input), { version });
};
const watch = (plan: RouterOsPlan, link: string) => plan.objects.find((o) => o.comment === `waymark:netwatch:${link}`);

describe("[domain] compileRouterOs: link netwatch", () => {
  it("v7 approximates downCount with an icmp burst whose RTT thresholds are the intent's timeout", () => {
    // The burst (3 × 300 ms) is shorter than the 1 s a netwatch interval must be at least: tests start once a second.
    expect(
      watch(
        compile(() => {}, "7"),
        "isp-a",
      )!.properties,
    ).toMatchObject({
      type: "icmp",
      host: "192.0.2.10",
      interval: "1s",
      timeout: "250ms",
      "packet-count": "3",
      "packet-interval": "300ms",
      "thr-loss-count": "2",
      "thr-loss-percent": "100%",
      "thr-avg": "250ms",
      "thr-max": "250ms",
      "thr-jitter": "250ms",
      "thr-stdev": "250ms",
    });
  });

  it("uses the simple probe where one miss is already the intent (downCount 1) and on v6", () => {
    const plan = compile((i) => (i.links[0]!.probe.downCount = 1), "7");
    expect(Object.keys(watch(plan, "isp-a")!.properties).sort()).toEqual(["down-script", "host", "interval", "timeout", "type", "up-script"]);
    expect(watch(plan, "isp-a")!.properties.type).toBe("simple");
    expect(
      Object.keys(
        watch(
          compile(() => {}, "6"),
          "isp-a",
        )!.properties,
      ).sort(),
    ).toEqual(["down-script", "host", "interval", "timeout", "up-script"]);
  });

  it("probes TCP links with tcp-conn on v7 and cannot on v6", () => {
    const tcp = (i: IntentInput) => (i.links[1]!.probe = { type: "tcp", port: 443, targets: ["192.0.2.20"], intervalMs: 1000, timeoutMs: 400 });
    expect(watch(compile(tcp, "7"), "isp-b")!.properties).toMatchObject({
      type: "tcp-conn",
      host: "192.0.2.20",
      port: "443",
      interval: "1s",
      timeout: "400ms",
      "thr-tcp-conn-time": "400ms",
    });
    const v6 = compile(tcp, "6");
    expect(watch(v6, "isp-b")).toBeUndefined();
    expect(v6.warnings.find((w) => w.code === "routeros-no-netwatch")!.message).toBe(
      "isp-b gets no netwatch: TCP probes need RouterOS v7 netwatch (type=tcp-conn); only check-gateway (its gateway, ~20 s) detects failure",
    );
    // Without a netwatch nobody switches the routes through isp-b at run time.
    expect(v6.objects.filter((o) => o.comment.endsWith(":via:isp-b")).every((o) => o.switchedBy === undefined)).toBe(true);
  });

  it("marks every route through a link as switched by that link's netwatch, and scripts switch exactly those", () => {
    for (const version of ["6", "7"] as const) {
      const plan = compile(() => {}, version);
      for (const link of ["isp-a", "isp-b"]) {
        const switched = plan.objects.filter((o) => o.switchedBy?.netwatch === `waymark:netwatch:${link}`);
        expect(switched.map((o) => o.comment)).toEqual(plan.objects.filter((o) => o.comment.endsWith(`:via:${link}`)).map((o) => o.comment));
        expect(switched.every((o) => o.switchedBy!.enabledWhen === "up")).toBe(true);
        const down = watch(plan, link)!.properties["down-script"]!.split("\n");
        expect(down.filter((l) => l.startsWith("/ip route disable"))).toEqual(switched.map((o) => switchLine("/ip/route", "disable", o.comment)));
      }
    }
  });

  it("flushes a link's connections on failover (and on failback when asked)", () => {
    const plan = compile((i) => {
      i.links[0]!.onFailback = "flush";
      i.links[1]!.onFailover = "keep";
    }, "7");
    expect(watch(plan, "isp-a")!.properties["up-script"]).toContain('/ip firewall connection remove [find connection-mark="to-isp-a"]');
    expect(watch(plan, "isp-b")!.properties["down-script"]).not.toContain("connection remove");
  });
});

describe("[domain] compileRouterOs: e-mail alerts", () => {
  it("sends one fixed-template mail per recipient after the switching, and none without alerts", () => {
    const plan = compile((i) => (i.alerts = { email: { to: ["noc@example.com", "ops@example.org"] } }), "7");
    const down = watch(plan, "isp-a")!.properties["down-script"]!.split("\n");
    expect(down.slice(-2)).toEqual([
      '/tool e-mail send to="noc@example.com" subject="Waymark: link isp-a is down" body="Netwatch on this router lost 192.0.2.10 through link isp-a: its routes are disabled and its traffic moves to the remaining links."',
      '/tool e-mail send to="ops@example.org" subject="Waymark: link isp-a is down" body="Netwatch on this router lost 192.0.2.10 through link isp-a: its routes are disabled and its traffic moves to the remaining links."',
    ]);
    expect(watch(plan, "isp-a")!.properties["up-script"]).toContain('subject="Waymark: link isp-a is up"');
    expect(plan.warnings.map((w) => w.code)).toContain("routeros-alerts-email");
    expect(plan.script).not.toMatch(/password|\$|\[\/system/);
    expect(JSON.stringify(compile(() => {}, "7"))).not.toContain("e-mail");
  });
});

describe("[domain] RouterOS script templates refuse what their grammar does not allow", () => {
  it.each([
    () => switchLine("/ip/route", "disable", 'waymark:x"] ; /system reboot ; ["'),
    () => switchLine("/ip/firewall/nat", "enable", "not-ours"),
    () => emailLines(['a"@example.com'], { subject: "s", body: "b" }),
    () => emailLines(["$x@example.com"], { subject: "s", body: "b" }),
    () => emailLines(["[/system reboot]@example.com"], { subject: "s", body: "b" }),
    () => emailLines(["noc@example.com"], { subject: "down $(x)", body: "b" }),
    () => emailLines(["noc@example.com"], { subject: "s", body: "line\nbreak" }),
    () => removeConnectionsLine({ protocol: "tcp; /system reboot", "reply-src-address": "192.0.2.1:80" }),
    () => removeConnectionsLine({ protocol: "tcp", "reply-src-address": "192.0.2.1:80", "connection-mark": "x" }),
  ])("refuses hostile input %#", (render) => {
    expect(render).toThrow();
  });
});
