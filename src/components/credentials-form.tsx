"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiCallError, fieldErrors } from "./api";

// Sign-in and first-run setup share one form: username + password, posted to the API, then into the dashboard.
export function CredentialsForm({ mode }: { mode: "login" | "setup" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { username: String(form.get("username")), password: String(form.get("password")) };
    if (mode === "setup" && body.password !== String(form.get("confirm"))) {
      setFields({ confirm: "the passwords differ" });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("POST", mode === "setup" ? "/auth/setup" : "/auth/login", body);
      router.replace("/devices");
      router.refresh();
    } catch (e) {
      setFields(fieldErrors(e));
      setError(e instanceof ApiCallError ? e.failure.message : "could not reach Waymark");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card space-y-4" noValidate>
      <h1 className="text-lg font-semibold">{mode === "setup" ? "Create the admin account" : "Sign in"}</h1>
      {mode === "setup" && (
        <p className="text-sm text-slate-600">This is the first visit: the account you create now administers Waymark. There is no default password.</p>
      )}
      <Field name="username" label="Username" autoComplete="username" error={fields.username} />
      <Field name="password" label="Password" type="password" autoComplete={mode === "setup" ? "new-password" : "current-password"} error={fields.password} />
      {mode === "setup" && <Field name="confirm" label="Repeat password" type="password" autoComplete="new-password" error={fields.confirm} />}
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {mode === "setup" ? "Create admin and sign in" : "Sign in"}
      </button>
    </form>
  );
}

function Field(props: { name: string; label: string; type?: string; autoComplete?: string; error?: string }) {
  return (
    <label className="block">
      <span className="label">{props.label}</span>
      <input className="input" name={props.name} type={props.type ?? "text"} autoComplete={props.autoComplete} required />
      {props.error && <span className="mt-1 block text-xs text-rose-700">{props.error}</span>}
    </label>
  );
}
