"use client";

// The browser's only way to change anything: the same /api/v1 a script would call, with the session's CSRF token
// (rendered into a <meta> by the root layout) in the header the API requires.
export type ApiFailure = { code: string; message: string; details?: { path: string; message: string }[] };

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly failure: ApiFailure,
  ) {
    super(failure.message);
  }
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content || "none";
}

export async function api<T = unknown>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const failure = (json as { error?: ApiFailure } | null)?.error ?? { code: "http_error", message: `HTTP ${response.status}` };
    throw new ApiCallError(response.status, failure);
  }
  return json as T;
}

export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiCallError)) return {};
  return Object.fromEntries((error.failure.details ?? []).map((d) => [d.path, d.message]));
}
