import type { ReactNode } from "react";
import { MainNav } from "@/components/shell/main-nav";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const isAdmin = hasRole(session, "admin");
  const links = [
    { href: "/fleet", label: "Fleet" },
    { href: "/devices", label: "Devices" },
    { href: "/sites", label: "Sites" },
    { href: "/history", label: "History" },
    { href: "/alerts", label: "Alerts" },
    ...(isAdmin
      ? [
          { href: "/users", label: "Users" },
          { href: "/tokens", label: "API tokens" },
          { href: "/audit", label: "Audit log" },
        ]
      : []),
  ];
  return (
    <div className="min-h-screen">
      {/* The first stop for Tab: past the navigation, straight to the page. */}
      <a href="#main" className="btn-primary sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <MainNav links={links} username={session.actor.username} role={session.actor.role} />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
