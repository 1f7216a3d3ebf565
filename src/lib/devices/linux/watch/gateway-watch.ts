import "server-only";
import type { WatchCost } from "../../driver";
import { DeviceFailure } from "../../failure";
import { asRoot } from "../privilege";
import { toGatewayState, type GatewayState, type StateLink } from "../read-state";
import type { ExecOptions, SshSession } from "../ssh-client";
import { FrameError, FrameReader, type Frame } from "./frames";
import { WATCH_NAME, watchScript } from "./watch-script";

// One watch of a Linux gateway: one SSH connection and, on it, one exec that streams a frame every interval
// (./watch-script.ts). `poll` hands over the newest frame not yet handed over, waiting for the next when there is
// none; a stream that falls silent for three intervals (3 s at least), or a channel that closes, ends the session with a
// DeviceFailure, and the next poll logs in again.

export type GatewayWatch = {
  poll: () => Promise<GatewayState>;
  cost: () => WatchCost;
  close: () => Promise<void>;
};

export type GatewayWatchOptions = {
  intervalMs: number;
  /** Opens one SSH connection (a login); the watch then runs as root on it (asRoot). */
  connect: () => Promise<SshSession>;
  /** How long the first frame may take after the login (the first listing of a large ruleset). */
  firstFrameMs?: number;
};

type Live = {
  session: SshSession;
  stop: AbortController;
  startedAt: number;
  latest: { frame: Frame; atMs: number } | null;
  /** Why the stream ended; null while it runs. */
  ended: DeviceFailure | null;
  /** Settles once the channel has closed. */
  closed: Promise<void>;
  wake: () => void;
};

const STALL_INTERVALS = 3;
/**
 * A busy gateway's sh loop (nft and conntrack dumps on a loaded box) can miss a few 200 ms slots in a row, as the
 * drill's watch polls; silence shorter than this is lateness, not a dead stream.
 */
const STALL_FLOOR_MS = 3_000;

export function watchGateway(links: readonly StateLink[], options: GatewayWatchOptions): GatewayWatch {
  const script = watchScript(links, options.intervalMs);
  const cost: WatchCost = { logins: 0, commands: 0, bytesFromDevice: 0, bytesToDevice: 0 };
  let live: Live | null = null;
  let handedSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const end = (l: Live, why: DeviceFailure | null) => {
    l.ended ??= why ?? new DeviceFailure("unreachable", "the watch was closed");
    l.stop.abort();
    l.session.close();
    l.wake();
  };

  const start = async (): Promise<Live> => {
    cost.logins += 1;
    const ssh = await options.connect();
    const session = await asRoot(counted(ssh, cost)).catch((error: unknown) => {
      ssh.close();
      throw error;
    });
    const l: Live = {
      session,
      stop: new AbortController(),
      startedAt: Date.now(),
      latest: null,
      ended: null,
      closed: Promise.resolve(),
      wake: () => {},
    };
    const reader = new FrameReader();
    handedSeq = 0;
    const stream: ExecOptions = {
      timeoutMs: Number.POSITIVE_INFINITY,
      streaming: true,
      signal: l.stop.signal,
      onStdout: (chunk) => {
        if (l.ended) return;
        try {
          const frames = reader.push(chunk);
          const newest = frames.at(-1);
          if (newest) {
            l.latest = { frame: newest, atMs: Date.now() };
            l.wake();
          }
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
          end(l, new DeviceFailure("protocol_error", error.message, { cause: error }));
        }
      },
    };
    l.closed = session.exec(["sh", "-c", script, WATCH_NAME], stream).then(
      () => end(l, new DeviceFailure("unreachable", "the gateway closed the watch's SSH channel")),
      (error: unknown) => end(l, new DeviceFailure("unreachable", `the watch's SSH channel failed: ${messageOf(error)}`, { cause: error })),
    );
    return l;
  };

  const next = async (): Promise<GatewayState> => {
    live ??= await start();
    const l = live;
    for (;;) {
      // A session that ended between polls still says why, once: the poll after that one logs in again.
      if (l.ended) {
        live = null;
        throw l.ended;
      }
      const latest = l.latest;
      if (latest && latest.frame.seq > handedSeq) {
        handedSeq = latest.frame.seq;
        return toGatewayState(latest.frame.parts, [...links], latest.atMs);
      }
      const stallMs = Math.max(STALL_INTERVALS * options.intervalMs, STALL_FLOOR_MS);
      const deadline = latest ? latest.atMs + stallMs : l.startedAt + (options.firstFrameMs ?? 15_000);
      const left = deadline - Date.now();
      if (left <= 0) {
        const silentMs = Date.now() - (latest?.atMs ?? l.startedAt);
        end(l, new DeviceFailure("timed_out", `the gateway sent no reading for ${(silentMs / 1000).toFixed(1)} s`));
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        l.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    // One poll at a time: two callers would otherwise race for the same frame.
    poll: () => {
      const result = queue.then(next, next);
      queue = result.catch(() => undefined);
      return result;
    },
    cost: () => ({ ...cost }),
    // Resolves once the channel has closed (the loop on the gateway ends with it), or after 2 s at the latest.
    close: async () => {
      const l = live;
      if (!l) return;
      end(l, null);
      live = null;
      await Promise.race([l.closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}

/** Counts every exec on the session (asRoot's own included) and the bytes of its channels. */
function counted(session: SshSession, cost: WatchCost): SshSession {
  return {
    ...session,
    exec: async (argv, options) => {
      cost.commands += 1;
      cost.bytesToDevice += Buffer.byteLength(argv.join(" ")) + (options.stdin === undefined ? 0 : Buffer.byteLength(options.stdin));
      const onStdout = options.onStdout;
      const result = await session.exec(argv, {
        ...options,
        onStdout: (chunk) => {
          if (options.streaming) cost.bytesFromDevice += chunk.length;
          onStdout?.(chunk);
        },
      });
      cost.bytesFromDevice += (options.streaming ? 0 : Buffer.byteLength(result.stdout)) + Buffer.byteLength(result.stderr);
      return result;
    },
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
