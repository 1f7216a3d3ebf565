// A real SMTP server for the alert tests, run as its own process (npx tsx tests/support/alerts/smtp-sink.ts):
// smtp-server on 127.0.0.1 and a free port, no TLS, optional AUTH (user "alerts", the password in SMTP_SINK_PASSWORD).
// It prints one JSON line per event on stdout: {"listening":port}, then {"from","to","data","user"} per message.
// SMTP_SINK_REJECT=1 answers every message "550 mailbox unavailable", for the refusal path.
import { SMTPServer } from "smtp-server";

const password = process.env.SMTP_SINK_PASSWORD ?? "";
const reject = process.env.SMTP_SINK_REJECT === "1";

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === "alerts" && auth.password === password) callback(null, { user: auth.username });
    else callback(new Error("535 authentication failed"));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      if (reject) {
        callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
        return;
      }
      const message = {
        from: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        user: session.user ?? null,
        data: Buffer.concat(chunks).toString("utf8"),
      };
      process.stdout.write(`${JSON.stringify(message)}\n`);
      callback();
    });
  },
});

server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  process.stdout.write(`${JSON.stringify({ listening: typeof address === "object" && address ? address.port : 0 })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
