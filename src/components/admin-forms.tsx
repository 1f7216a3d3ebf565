"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError } from "./api";
import { ConfirmButton } from "./confirm-button";
import { CopyButton } from "./copy-button";
import { Field } from "./form-fields";

// `run` answers the message to show on success, or nothing when the form shows its own result.
function useSubmit(run: (form: FormData) => Promise<string | undefined> | Promise<void>) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setError(null);
    try {
      const message = await run(new FormData(formElement));
      if (message) notify("ok", message);
      formElement.reset();
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }
  return { onSubmit, error };
}

function RoleSelect({ name = "role" }: { name?: string }) {
  return (
    <label className="block">
      <span className="label">Role</span>
      <select name={name} className="input" defaultValue="viewer">
        <option value="viewer">viewer — reads</option>
        <option value="operator">operator — pushes changes, maintenance</option>
        <option value="admin">admin — users, devices, tokens</option>
      </select>
    </label>
  );
}

export function CreateUserForm() {
  const { onSubmit, error } = useSubmit(async (form) => {
    await api("POST", "/users", { username: form.get("username"), password: form.get("password"), role: form.get("role") });
    return "User created";
  });
  return (
    <form onSubmit={onSubmit} className="card grid items-end gap-3 sm:grid-cols-4">
      <Field name="username" label="Username" autoComplete="off" />
      <Field name="password" label="Initial password" type="password" autoComplete="new-password" />
      <RoleSelect />
      <button type="submit" className="btn-primary">
        Create user
      </button>
      {error && (
        <p role="alert" className="text-sm text-rose-700 sm:col-span-4">
          {error}
        </p>
      )}
    </form>
  );
}

export function UserRowActions({ id, username, role }: { id: string; username: string; role: string }) {
  const router = useRouter();
  async function act(run: () => Promise<unknown>, done: string, undo?: () => void) {
    try {
      await run();
      notify("ok", done);
      router.refresh();
    } catch (e) {
      undo?.();
      notify("error", e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }
  return (
    <div className="flex gap-2">
      {/* A refused change (the last admin, say) puts the select back, so it never shows a role the user lacks. */}
      <select
        aria-label={`Role of ${username}`}
        className="input w-32 py-1"
        defaultValue={role}
        onChange={(e) => {
          const select = e.currentTarget;
          void act(
            () => api("PATCH", `/users/${id}`, { role: select.value }),
            "Role changed",
            () => (select.value = role),
          );
        }}
      >
        <option value="viewer">viewer</option>
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </select>
      <ConfirmButton
        label="Delete"
        title={`Delete user ${username}?`}
        confirmLabel="Delete user"
        run={async () => {
          await api("DELETE", `/users/${id}`);
          notify("ok", "User deleted");
          router.refresh();
        }}
      >
        {username} can no longer sign in, and the API tokens {username} owns stop working.
      </ConfirmButton>
    </div>
  );
}

export function CreateTokenForm() {
  const [created, setCreated] = useState<string | null>(null);
  const { onSubmit, error } = useSubmit(async (form) => {
    const days = String(form.get("expiresInDays") ?? "");
    const reply = await api<{ token: string }>("POST", "/tokens", {
      name: form.get("name"),
      role: form.get("role"),
      ...(days ? { expiresInDays: Number(days) } : {}),
    });
    setCreated(reply.token);
  });
  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} className="card grid items-end gap-3 sm:grid-cols-4">
        <Field name="name" label="Name (what uses it)" autoComplete="off" />
        <RoleSelect />
        <Field name="expiresInDays" label="Expires in days (optional)" />
        <button type="submit" className="btn-primary">
          Create token
        </button>
        {error && (
          <p role="alert" className="text-sm text-rose-700 sm:col-span-4">
            {error}
          </p>
        )}
      </form>
      {created && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="mb-2 font-medium">Copy this token now; Waymark keeps only its hash and will not show it again.</p>
          <code className="block rounded bg-white p-2 font-mono break-all" data-testid="new-token">
            {created}
          </code>
          <div className="mt-2">
            <CopyButton value={created} label="Copy token" />
          </div>
        </div>
      )}
    </div>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      title={`Revoke token ${name}?`}
      confirmLabel="Revoke token"
      run={async () => {
        await api("DELETE", `/tokens/${id}`);
        notify("ok", "Token revoked");
        router.refresh();
      }}
    >
      Scripts using it stop working at once. A revoked token cannot be brought back; create a new one instead.
    </ConfirmButton>
  );
}

export function ChangePasswordForm() {
  const { onSubmit, error } = useSubmit(async (form) => {
    await api("POST", "/me/password", { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") });
    return "Password changed; your other sessions were signed out";
  });
  return (
    <form onSubmit={onSubmit} className="card max-w-md space-y-4">
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
      <Field name="newPassword" label="New password (10+ characters)" type="password" autoComplete="new-password" />
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
      <button type="submit" className="btn-primary">
        Change password
      </button>
    </form>
  );
}
