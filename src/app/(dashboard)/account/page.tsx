import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/admin-forms";
import { requirePageSession } from "@/lib/http/page-auth";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const session = await requirePageSession();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p className="text-sm text-slate-600">
        Signed in as <b>{session.actor.username}</b> with the {session.actor.role} role.
      </p>
      <ChangePasswordForm />
    </div>
  );
}
