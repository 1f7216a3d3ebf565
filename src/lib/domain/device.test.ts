import { describe, expect, it } from "vitest";
import { defaultPort, ZDeviceChanges, ZNewDevice } from "./device";
import { ZHost, ZLoginName } from "./grammar";

describe("[domain] device inventory grammar", () => {
  it.each(["192.0.2.1", "2001:db8::1", "gw1.example.net", "edge-01"])("accepts host %s", (host) => {
    expect(ZHost.safeParse(host).success).toBe(true);
  });

  it.each(["1.2.3.4; rm -rf /", "$(id)", "a b", "`id`", "-oProxyCommand=x", "host\nname", "256.1.1.1", ""])("refuses host %j", (host) => {
    expect(ZHost.safeParse(host).success).toBe(false);
  });

  it.each(["admin", "waymark_ops", "ops.team@corp"])("accepts login %s", (name) => {
    expect(ZLoginName.safeParse(name).success).toBe(true);
  });

  it.each(["-oProxyCommand", "a b", "root;id", "x$(id)", ""])("refuses login %j", (name) => {
    expect(ZLoginName.safeParse(name).success).toBe(false);
  });

  it("keeps names and comments exactly as typed", () => {
    const name = `edge "<b>x</b>" $(rm -rf /); \`id\``;
    const parsed = ZNewDevice.parse({ kind: "routeros", name, host: "192.0.2.1", username: "admin", password: "p", comment: "a\n<script>" });
    expect(parsed.name).toBe(name);
    expect(parsed.comment).toBe("a\n<script>");
  });

  it("refuses unknown fields and mixed-up credentials", () => {
    expect(ZNewDevice.safeParse({ kind: "linux", name: "x", host: "h", username: "u", password: "p" }).success).toBe(false);
    expect(ZNewDevice.safeParse({ kind: "routeros", name: "x", host: "h", username: "u", password: "p", extra: 1 }).success).toBe(false);
    expect(ZDeviceChanges.safeParse({ kind: "linux" }).success).toBe(false);
  });

  it("defaults ports by kind and transport", () => {
    expect(defaultPort("linux")).toBe(22);
    expect(defaultPort("routeros", "plain")).toBe(8728);
    expect(defaultPort("routeros", "tls-anon")).toBe(8729);
  });
});
