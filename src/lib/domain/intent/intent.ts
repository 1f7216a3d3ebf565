import { z } from "zod";
import { ZAlerts } from "./alerts";
import { ZInbound } from "./inbound";
import { ZLink } from "./link";
import { ZOutboundPolicy } from "./outbound";

// A gateway's load-balancing intent: the links it has, how outbound traffic uses them, which inbound server pools
// it balances and who is alerted. Compilers turn it into a device's native objects; it never holds device
// vocabulary or observed state. `inbound` and `alerts` are absent rather than empty, so older intents parse as before.
export const ZIntent = z
  .strictObject({
    links: z.array(ZLink).min(1, "at least one link").max(16),
    outbound: ZOutboundPolicy,
    inbound: ZInbound.optional(),
    alerts: ZAlerts.optional(),
  })
  .superRefine((intent, ctx) => {
    const names = intent.links.map((l) => l.name);
    const interfaces = intent.links.map((l) => l.interface);
    for (const name of duplicates(names)) ctx.addIssue({ code: "custom", path: ["links"], message: `two links are named ${name}` });
    for (const i of duplicates(interfaces)) ctx.addIssue({ code: "custom", path: ["links"], message: `two links use interface ${i}` });
    for (const lan of intent.outbound.lanInterfaces) {
      if (interfaces.includes(lan)) ctx.addIssue({ code: "custom", path: ["outbound", "lanInterfaces"], message: `${lan} is a WAN link's interface` });
    }
    intent.outbound.pinned.forEach((pin, index) => {
      if (!names.includes(pin.link)) {
        ctx.addIssue({ code: "custom", path: ["outbound", "pinned", index, "link"], message: `no link named ${pin.link}` });
      }
    });
  });

export type Intent = z.infer<typeof ZIntent>;
export type IntentInput = z.input<typeof ZIntent>;

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Links that carry traffic while everything is healthy: the lowest tier. */
export function primaryTier(intent: Intent): number {
  return Math.min(...intent.links.map((l) => l.tier));
}
