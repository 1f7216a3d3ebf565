import type { Metadata } from "next";
import { AlertList } from "@/components/alerts/alert-list";
import { ChannelForm } from "@/components/alerts/channel-form";
import { ChannelList } from "@/components/alerts/channel-list";
import { RuleForm } from "@/components/alerts/rule-form";
import { RuleList } from "@/components/alerts/rule-list";
import { ALERT_EVENT_LABELS, ALERT_EVENTS } from "@/lib/domain/alerts/events";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listAlerts, listChannels, listRules } from "@/lib/services/alerts";
import { listDevices } from "@/lib/services/devices";

export const metadata: Metadata = { title: "Alerts" };

// Alerts: what is wrong now and what was, then where alerts go (channels) and what sends them (rules). Everyone
// signed in sees; only an admin changes channels and rules.
export default async function AlertsPage() {
  const session = await requirePageSession();
  const admin = hasRole(session, "admin");
  const [alerts, channels, rules, devices] = await Promise.all([
    listAlerts(session.ctx),
    listChannels(session.ctx),
    listRules(session.ctx),
    listDevices(session.ctx),
  ]);
  const events = ALERT_EVENTS.map((e) => ({ value: e, label: ALERT_EVENT_LABELS[e] }));
  const deviceOptions = devices.map((d) => ({ value: d.id, label: d.name }));
  const channelOptions = channels.map((c) => ({ value: c.id, label: c.name }));
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-lg font-semibold">
          Open ({alerts.open.length})
        </h2>
        <AlertList alerts={alerts.open} empty="Nothing open: every watched link, backend and device is as it should be." label="Open alerts" />
      </section>
      <section aria-labelledby="recent-heading" className="space-y-3">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Recently resolved
        </h2>
        <AlertList alerts={alerts.recent} empty="None yet." label="Recently resolved alerts" />
      </section>
      <section aria-labelledby="channels-heading" className="space-y-3">
        <h2 id="channels-heading" className="text-lg font-semibold">
          Channels
        </h2>
        <p className="text-sm text-slate-600">
          Where alerts go: a mailbox over SMTP, or a webhook that receives signed JSON (see the README for checking the{" "}
          <code className="font-mono">X-Waymark-Signature</code>).
        </p>
        <ChannelList channels={channels} admin={admin} />
        {admin && (
          <div className="space-y-2">
            <h3 className="font-medium">Add a channel</h3>
            <ChannelForm />
          </div>
        )}
      </section>
      <section aria-labelledby="rules-heading" className="space-y-3">
        <h2 id="rules-heading" className="text-lg font-semibold">
          Rules
        </h2>
        <RuleList rules={rules} admin={admin} events={events} devices={deviceOptions} channels={channelOptions} />
        {admin && (
          <div className="space-y-2">
            <h3 className="font-medium">Add a rule</h3>
            <RuleForm events={events} devices={deviceOptions} channels={channelOptions} />
          </div>
        )}
      </section>
    </div>
  );
}
