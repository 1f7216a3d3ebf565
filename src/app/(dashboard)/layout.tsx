import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const isAdmin = hasRole(session, "admin");
  const links = [
    { href: "/devices", label: "Devices" },
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
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3" aria-label="Main">
          <Link href="/devices" className="text-lg font-semibold tracking-tight text-sky-800">
            Waymark
          </Link>
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="text-sm text-slate-600 hover:text-slate-900">
              {link.label}
            </Link>
          ))}
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/account" className="text-slate-600 hover:text-slate-900" data-testid="current-user">
              {session.actor.username} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{session.actor.role}</span>
            </Link>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
