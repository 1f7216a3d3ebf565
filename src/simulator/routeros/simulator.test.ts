// Wire-level checks of the simulator against the reference transcripts, with a raw socket
// (no client library in between).

import { createHash } from "node:crypto";
import net from "node:net";

import { describe, expect, it } from "vitest";

import { encodeSentence, SentenceReader } from "@/lib/devices/routeros/wire";

import { formatDuration, parseDuration } from "./duration";
import { printCommand, type RouterOsSimulatorOptions } from "./index";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

const { simulator, afterTest } = useSimulatorAndClient();

type RawPeer = {
  send: (...words: string[]) => void;
  /** Resolves with the next `count` reply sentences. */
  read: (count: number) => Promise<string[][]>;
  closed: Promise<void>;
};

const rawPeer = async (port: number): Promise<RawPeer> => {
  const socket = net.connect({ host: "127.0.0.1", port });
  afterTest(() => void socket.destroy());
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  const reader = new SentenceReader();
  const inbox: string[][] = [];
  let notify = () => {};
  socket.on("data", (chunk) => {
    inbox.push(...reader.push(chunk));
    notify();
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const read = async (count: number) => {
    while (inbox.length < count) await new Promise<void>((resolve) => (notify = resolve));
    return inbox.splice(0, count);
  };

  return { send: (...words) => socket.write(encodeSentence(words)), read, closed };
};

const loggedIn = async (overrides: Partial<RouterOsSimulatorOptions> = {}) => {
  const peer = await rawPeer((await simulator(overrides)).port);
  peer.send("/login", "=name=admin", "=password=pw");
  expect(await peer.read(1)).toEqual([["!done"]]);

  return peer;
};

describe("RouterOS simulator sessions", () => {
  it("answers any command before login with !fatal not logged in and closes", async () => {
    const peer = await rawPeer((await simulator()).port);
    peer.send("/system/identity/print", ".tag=1");
    expect(await peer.read(1)).toEqual([["!fatal", "not logged in"]]);
    await peer.closed;
  });

  it("refuses bad credentials with the post-6.43 message", async () => {
    const peer = await rawPeer((await simulator()).port);
    peer.send("/login", "=name=admin", "=password=nope", ".tag=a");
    expect(await peer.read(2)).toEqual([
      ["!trap", ".tag=a", "=message=invalid user name or password (6)"],
      ["!done", ".tag=a"],
    ]);
  });

  it("runs the pre-6.43 challenge when configured as 6.42", async () => {
    const peer = await rawPeer((await simulator({ version: "6.42.12" })).port);
    peer.send("/login", "=name=admin", "=password=pw");
    const [[word, ret]] = (await peer.read(1)) as [[string, string]];
    expect(word).toBe("!done");
    expect(ret).toMatch(/^=ret=[0-9a-f]{32}$/);
    const challenge = Buffer.from(ret.slice(5), "hex");
    const digest = createHash("md5")
      .update(Buffer.concat([Buffer.of(0), Buffer.from("pw"), challenge]))
      .digest("hex");
    peer.send("/login", "=name=admin", `=response=00${digest}`);
    expect(await peer.read(1)).toEqual([["!done"]]);
  });

  it("answers a wrong challenge response with cannot log in", async () => {
    const peer = await rawPeer((await simulator({ version: "6.40.8" })).port);
    peer.send("/login");
    await peer.read(1);
    peer.send("/login", "=name=admin", `=response=00${"0".repeat(32)}`);
    expect(await peer.read(2)).toEqual([["!trap", "=message=cannot log in"], ["!done"]]);
  });

  it("puts .tag right after the reply word, and omits an empty tag", async () => {
    const peer = await loggedIn();
    peer.send("/system/identity/print", ".tag=7");
    expect(await peer.read(2)).toEqual([
      ["!re", ".tag=7", "=name=MikroTik"],
      ["!done", ".tag=7"],
    ]);
    peer.send("/system/identity/print", ".tag=");
    expect(await peer.read(2)).toEqual([["!re", "=name=MikroTik"], ["!done"]]);
  });

  it("orders /cancel replies like a real router", async () => {
    const peer = await loggedIn();
    peer.send("/system/resource/print", "=interval=10s", "=.proplist=platform", ".tag=10");
    expect(await peer.read(1)).toEqual([["!re", ".tag=10", "=platform=MikroTik"]]);
    peer.send("/cancel", "=tag=10", ".tag=20");
    expect(await peer.read(3)).toEqual([
      ["!trap", ".tag=10", "=category=2", "=message=interrupted"],
      ["!done", ".tag=20"],
      ["!done", ".tag=10"],
    ]);
  });

  it("cancels every running command when /cancel has no tag", async () => {
    const peer = await loggedIn();
    peer.send("/system/resource/print", "=interval=10s", "=.proplist=platform", ".tag=1");
    peer.send("/system/identity/print", "=interval=10s", ".tag=2");
    await peer.read(2);
    peer.send("/cancel");
    const replies = await peer.read(5);
    expect(replies.filter((words) => words[0] === "!trap")).toHaveLength(2);
    expect(replies[2]).toEqual(["!done"]);
  });

  it("sends !empty for empty prints from 7.18 on", async () => {
    const menus = [{ path: "ip/firewall/mangle", commands: { print: printCommand(() => []) } }];
    const peer = await loggedIn({ version: "7.18.2", menus });
    peer.send("/ip/firewall/mangle/print", ".tag=5");
    expect(await peer.read(2)).toEqual([
      ["!empty", ".tag=5"],
      ["!done", ".tag=5"],
    ]);
  });

  it("names the unknown parameter on v7 only", async () => {
    const v7 = await loggedIn();
    v7.send("/system/identity/set", "=nmae=x");
    expect(await v7.read(2)).toEqual([["!trap", "=message=unknown parameter nmae"], ["!done"]]);
    const v6 = await loggedIn({ version: "6.49.10 (long-term)" });
    v6.send("/system/identity/set", "=nmae=x");
    expect(await v6.read(2)).toEqual([["!trap", "=message=unknown parameter"], ["!done"]]);
  });

  it("accepts getall as an alias of print and the .proplist API attribute form", async () => {
    const peer = await loggedIn();
    peer.send("/system/resource/getall", ".proplist=board-name,version");
    expect(await peer.read(2)).toEqual([["!re", "=version=7.16.2 (stable)", "=board-name=CHR"], ["!done"]]);
  });

  it("ends the session on /quit", async () => {
    const peer = await loggedIn();
    peer.send("/quit");
    expect(await peer.read(1)).toEqual([["!fatal", "session terminated on request"]]);
    await peer.closed;
  });

  it("drops the session on a reserved control byte", async () => {
    const sim = await simulator();
    const socket = net.connect({ host: "127.0.0.1", port: sim.port });
    afterTest(() => void socket.destroy());
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write(Buffer.of(0xf9));
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
  });

  it("formats build-time per version and listens on loopback only", async () => {
    const sim = await simulator({ version: "7.10" });
    expect(sim.host).toBe("127.0.0.1");
    const peer = await rawPeer(sim.port);
    peer.send("/login", "=name=admin", "=password=pw");
    await peer.read(1);
    peer.send("/system/resource/print", "=.proplist=build-time,uptime");
    const [[, uptime, buildTime]] = (await peer.read(1)) as [[string, string, string]];
    expect(buildTime).toBe("=build-time=2024-11-22 08:17:56");
    expect(uptime).toMatch(/^=uptime=\d+s$/);
  });
});

describe("durations", () => {
  it("formats like RouterOS", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(((2 * 24 + 20) * 3600 + 12 * 60 + 20) * 1000)).toBe("2d20h12m20s");
    expect(formatDuration((8 * 86400 + 3 * 3600 + 5) * 1000)).toBe("1w1d3h5s");
  });

  it("parses interval arguments", () => {
    expect(parseDuration("1")).toBe(1000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("00:01:05")).toBe(65_000);
    expect(parseDuration("soon")).toBeNull();
  });
});
