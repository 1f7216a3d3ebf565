"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { SignOutButton } from "../sign-out-button";

export type NavLink = { href: string; label: string };

// The top navigation. From 768 px up everything sits on one line; below that the links and the account fold behind
// a "Menu" disclosure button (aria-expanded), so a phone shows the page, not four rows of links. Escape closes the
// menu and gives focus back to the button; following a link closes it.
export function MainNav({ links, username, role }: { links: NavLink[]; username: string; role: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is the trigger, its value is not read
  useEffect(() => setOpen(false), [pathname]);

  const linkClass = (href: string) =>
    `rounded px-1 py-1 text-sm ${pathname === href || pathname.startsWith(`${href}/`) ? "font-medium text-slate-900" : "text-slate-600 hover:text-slate-900"}`;

  return (
    <nav
      className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6"
      aria-label="Main"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <Link href="/fleet" className="text-lg font-semibold tracking-tight text-sky-800">
        Waymark
      </Link>
      <button
        ref={button}
        type="button"
        className="btn-secondary ml-auto py-1 md:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Menu
      </button>
      <div
        id={panelId}
        className={`${open ? "flex" : "hidden"} w-full flex-col items-start gap-2 border-t border-slate-200 pt-2 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:gap-6 md:border-0 md:pt-0`}
      >
        {links.map((link) => (
          <Link key={link.href} href={link.href} className={linkClass(link.href)} aria-current={pathname === link.href ? "page" : undefined}>
            {link.label}
          </Link>
        ))}
        <div className="flex items-center gap-3 text-sm md:ml-auto">
          <Link href="/account" className="text-slate-600 hover:text-slate-900" data-testid="current-user">
            {username} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{role}</span>
          </Link>
          <SignOutButton />
        </div>
      </div>
    </nav>
  );
}
