import "server-only";
import { randomBytes } from "node:crypto";

/** A fresh nonce per request: the only thing that lets a script run, so it must be unguessable and never reused. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

// Scripts run only with this request's nonce (Next.js puts it on its own tags when it finds it in the request's
// CSP header) or when loaded by such a script ('strict-dynamic'). Styles keep 'unsafe-inline': React style
// attributes cannot carry a nonce, and CSS cannot run script. Development adds 'unsafe-eval' for React's
// debugging aids; production never evaluates strings.
export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  const scripts = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}
