import "server-only";
import nodemailer from "nodemailer";
import type { EmailSettings } from "@/lib/domain/alerts/channel";
import type { Notice } from "@/lib/domain/alerts/notice";
import type { AlertLinks, SendOutcome } from "./outcome";
import { mailHtml, mailSubject, mailText } from "./render";

const TIMEOUT_MS = 15_000;

/** Sends one notice by SMTP; the outcome is the server's reply ("250 2.0.0 Ok: queued as …") or why it failed. */
export async function sendEmail(settings: EmailSettings, password: string | null, notice: Notice, links: AlertLinks): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    auth: settings.user === "" ? undefined : { user: settings.user, pass: password ?? "" },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // Never let nodemailer print the conversation: it would carry the AUTH exchange.
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: mailSubject(notice),
      text: mailText(notice, links),
      html: mailHtml(notice, links),
      headers: { "X-Waymark-Alert": notice.alertId },
    });
    return { ok: true, detail: `the mail server accepted it: ${info.response}` };
  } catch (error) {
    return { ok: false, detail: smtpProblem(settings, error) };
  } finally {
    transport.close();
  }
}

function smtpProblem(settings: EmailSettings, error: unknown): string {
  const e = error as { code?: string; response?: string; message?: string };
  const where = `${settings.host}:${settings.port}`;
  if (e.response) return `the mail server ${where} refused it: ${e.response}`;
  if (e.code === "ECONNREFUSED" || /ECONNREFUSED/.test(e.message ?? "")) return `nothing answers on ${where} (connection refused)`;
  if (e.code === "ETIMEDOUT" || e.code === "ETIMEOUT") return `the mail server ${where} did not answer in time`;
  if (e.code === "EDNS") return `the name ${settings.host} does not resolve`;
  if (e.code === "EAUTH") return `the mail server ${where} refused the user name or password`;
  return `sending through ${where} failed: ${e.message ?? String(error)}`;
}
