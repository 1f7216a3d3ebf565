// The demo routers' login is documented (README) so a newcomer can add one by hand: the two must agree.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_ROUTER_LOGIN } from "@/lib/services/demo/start-demo";

describe("the demo routers' login", () => {
  it("is the one the README gives", () => {
    const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    expect(readme).toContain(`accept user \`${DEMO_ROUTER_LOGIN.name}\`, password \`${DEMO_ROUTER_LOGIN.password}\``);
  });
});
