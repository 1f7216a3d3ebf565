import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Notices } from "@/components/notices";
import { optionalPageSession } from "@/lib/http/page-auth";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Waymark", template: "%s · Waymark" },
  description: "Load balancing and failover for MikroTik and Linux gateways",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await optionalPageSession();
  return (
    <html lang="en">
      <head>{session && <meta name="csrf-token" content={session.csrfToken} />}</head>
      <body>
        {children}
        <Notices />
      </body>
    </html>
  );
}
