/** What one attempt to send came to, in the admin's words: the SMTP server's reply or the receiver's HTTP status. */
export type SendOutcome = { ok: boolean; detail: string };

/** The dashboard pages a message links to. */
export type AlertLinks = { device: string; alerts: string };

export function alertLinks(baseUrl: string, deviceId: string): AlertLinks {
  return { device: `${baseUrl}/devices/${encodeURIComponent(deviceId)}`, alerts: `${baseUrl}/alerts` };
}
