import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// Starts ./smtp-sink.ts as a child process and collects what it received.

export type ReceivedMail = { from: string | null; to: string[]; user: string | null; data: string };

export type SmtpSink = {
  port: number;
  messages: ReceivedMail[];
  /** Resolves when at least `count` messages have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
};

const SCRIPT = fileURLToPath(new URL("./smtp-sink.ts", import.meta.url));

export async function startSmtpSink(options: { password?: string; reject?: boolean } = {}): Promise<SmtpSink> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, SMTP_SINK_PASSWORD: options.password ?? "", SMTP_SINK_REJECT: options.reject ? "1" : "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const messages: ReceivedMail[] = [];
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the SMTP sink did not start")), 20_000);
    lines.on("line", (line) => {
      const event = JSON.parse(line) as { listening?: number } & ReceivedMail;
      if (event.listening !== undefined) {
        clearTimeout(timer);
        resolve(event.listening);
      } else messages.push(event);
    });
    child.on("exit", (code) => reject(new Error(`the SMTP sink exited with ${code}`)));
  });
  return {
    port,
    messages,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
