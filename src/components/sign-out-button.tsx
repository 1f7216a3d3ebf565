"use client";
import { useRouter } from "next/navigation";
import { api } from "./api";

export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    await api("POST", "/auth/logout").catch(() => {});
    router.replace("/login");
    router.refresh();
  }
  return (
    <button type="button" className="btn-secondary py-1" onClick={signOut}>
      Sign out
    </button>
  );
}
