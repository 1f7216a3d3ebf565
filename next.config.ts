import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  // Content-Security-Policy is set per request by src/proxy.ts: its script nonce must be new on every page.
];

const config: NextConfig = {
  // Native and protocol modules stay as plain Node requires instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "ssh2", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
