// Scripts run only with a per-request nonce: the proxy gives every request a fresh one and a CSP without
// 'unsafe-inline' for scripts, and hands the same policy to Next.js (which puts the nonce on its own tags).
// tests/e2e/08-csp.spec.ts shows a built page hydrating and signing in under it.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "../../next.config";
import { proxy } from "@/proxy";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

function pageRequest(path = "/devices") {
  return proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host: "127.0.0.1:3000" } }));
}

describe("the Content-Security-Policy", () => {
  it("allows scripts by this request's nonce and what they load, never inline or evaluated text", () => {
    const policy = pageRequest().headers.get("content-security-policy")!;
    const scripts = directives(policy).get("script-src")!;
    expect(scripts).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/), "'strict-dynamic'"]);
    expect(scripts.join(" ")).not.toMatch(/unsafe-inline|unsafe-eval/);
    const all = directives(policy);
    expect(all.get("default-src")).toEqual(["'self'"]);
    expect(all.get("object-src")).toEqual(["'none'"]);
    expect(all.get("frame-ancestors")).toEqual(["'none'"]);
    expect(all.get("base-uri")).toEqual(["'self'"]);
  });

  it("gives every request its own nonce", () => {
    const nonces = new Set(Array.from({ length: 20 }, () => /'nonce-([^']+)'/.exec(pageRequest().headers.get("content-security-policy")!)![1]));
    expect(nonces.size).toBe(20);
  });

  it("passes the same policy on to the render (where Next.js reads the nonce), replacing any the client sent", () => {
    const response = proxy(
      new NextRequest("http://127.0.0.1:3000/login", {
        headers: { host: "127.0.0.1:3000", "content-security-policy": "script-src 'nonce-chosen-by-client'" },
      }),
    );
    const forwarded = response.headers.get("x-middleware-request-content-security-policy");
    expect(forwarded).toBe(response.headers.get("content-security-policy"));
    expect(forwarded).not.toContain("chosen-by-client");
  });

  it("covers API replies and static files as well as pages", () => {
    for (const path of ["/api/v1/auth/status", "/_next/static/chunks/app.js", "/"]) {
      expect(pageRequest(path).headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    }
  });

  it("next.config.ts no longer sets a static policy (two policies would both apply, and the static one allowed inline scripts)", async () => {
    const rules = (await nextConfig.headers!()) ?? [];
    const keys = rules.flatMap((rule) => rule.headers.map((h) => h.key.toLowerCase()));
    expect(keys).not.toContain("content-security-policy");
    expect(keys).toEqual(expect.arrayContaining(["x-content-type-options", "x-frame-options", "referrer-policy"]));
  });
});
