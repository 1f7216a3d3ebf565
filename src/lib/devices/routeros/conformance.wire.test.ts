// Conformance items of CONFORMANCE.md that need exact bytes a simulator would never choose to send:
// login transcripts, tag positions on every reply kind, every word-length form, the real /cancel order,
// counters past 2^53. The peer is a scripted byte stream on 127.0.0.1.

import { afterEach, describe, expect, it } from "vitest";

import { connect, parseCounter, RouterOsConnectionError, RouterOsLoginError, RouterOsProtocolError, type RouterOsTrapError } from "./api-client";
import { startScriptedServer, type ScriptedExchange } from "@tests/support/routeros/scripted-server";
import { encodeLength, encodeSentence, encodeWord } from "./wire";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type Script = (exchange: ScriptedExchange) => void;

const serve = async (script: Script) => {
  const server = await startScriptedServer(script);
  cleanups.push(server.close);

  return server;
};

const login = async (port: number, password = "pw") => {
  const client = await connect({ host: "127.0.0.1", port, transport: "plain", username: "admin", password, connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 });
  cleanups.push(() => client.close());

  return client;
};

/** Accepts the plain login, then runs `script` for every other sentence. */
const loggedIn = async (script: Script) => {
  const server = await serve((exchange) => {
    if (exchange.words[0] === "/login") exchange.send(["!done", `.tag=${exchange.tag}`]);
    else script(exchange);
  });

  return { server, client: await login(server.port) };
};

describe("login", () => {
  it("plain (>= 6.43): sends name and password in one /login and accepts a bare !done", async () => {
    const { server, client } = await loggedIn(({ tag, send }) => send(["!done", `.tag=${tag}`]));
    expect(server.received[0]).toEqual(["/login", "=name=admin", "=password=pw", ".tag=1"]);
    await expect(client.command(["/system/identity/print"])).resolves.toMatchObject({ rows: [] });
  });

  it("pre-6.43 challenge: answers !done =ret= with 00 + md5 (go-routeros test vector)", async () => {
    const server = await serve(({ words, tag, send }) => {
      if (words.some((word) => word.startsWith("=response="))) send(["!done", `.tag=${tag}`]);
      else send(["!done", "=ret=abc123", `.tag=${tag}`]);
    });
    await login(server.port, "passTest");
    expect(server.received[1]).toEqual(["/login", "=name=admin", "=response=0021277bff9ac7caf06aa608e46616d47f", ".tag=2"]);
  });

  it("pre-6.43 challenge refused: cannot log in becomes RouterOsLoginError", async () => {
    const server = await serve(({ words, tag, send }) => {
      if (words.some((word) => word.startsWith("=response="))) send(["!trap", `.tag=${tag}`, "=message=cannot log in"], ["!done", `.tag=${tag}`]);
      else send(["!done", `.tag=${tag}`, "=ret=856780b7411eefd3abadee2058c149a3"]);
    });
    await expect(login(server.port)).rejects.toThrow(new RouterOsLoginError('login as "admin" refused: cannot log in'));
  });

  it("a connection dropped during login fails connect promptly", async () => {
    const server = await serve(({ socket }) => socket.destroy());
    const started = Date.now();
    await expect(login(server.port)).rejects.toBeInstanceOf(RouterOsConnectionError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("tags", () => {
  it("finds .tag first, in the middle or last on !re, !trap, !empty and !done", async () => {
    const { client } = await loggedIn(({ words, tag, send }) => {
      const t = `.tag=${tag}`;
      if (words[0] === "/rows") send(["!re", "=a=1", t, "=b=2"], ["!re", "=a=3", "=b=4", t], ["!done", "=ret=*1", t]);
      if (words[0] === "/trap") send(["!trap", "=category=1", t, "=message=bad"], ["!trap", "=message=worse", t], ["!done", t]);
      if (words[0] === "/empty") send(["!empty", t], ["!done", t]);
    });
    const [rows, trap, empty] = await Promise.allSettled([client.command(["/rows"]), client.command(["/trap"]), client.command(["/empty"])]);
    expect(rows).toEqual({
      status: "fulfilled",
      value: {
        rows: [
          { a: "1", b: "2" },
          { a: "3", b: "4" },
        ],
        done: { ret: "*1" },
        empty: false,
      },
    });
    expect(trap.status === "rejected" && (trap.reason as RouterOsTrapError).traps.map((t) => t.message)).toEqual(["bad", "worse"]);
    expect(empty).toEqual({ status: "fulfilled", value: { rows: [], done: {}, empty: true } });
  });
});

describe("word lengths", () => {
  // Minimal forms at both ends of each range, and the lengths whose prefix bytes contain 0x00:
  // 0x100 → 81 00, 0x4000 → c0 40 00, 0x10000 → c1 00 00, 0x200000 → e0 20 00 00.
  const lengths = [3, 0x7f, 0x80, 0x100, 0x3fff, 0x4000, 0x10000, 0x1fffff, 0x200000];
  const wordOf = (length: number) => `=v=${"x".repeat(length - 3)}`;

  it("decodes a word of every length form, including a 5-byte prefix (0xF0) with a small length", async () => {
    const fiveByteForm = Buffer.concat([Buffer.of(0xf0, 0, 0, 0, 5), Buffer.from("=w=ok")]);
    const { client } = await loggedIn(({ tag, sendBytes }) => {
      const rows = lengths.map((length) => encodeSentence(["!re", wordOf(length), `.tag=${tag}`]));
      const handMade = Buffer.concat([encodeWord("!re"), encodeWord(`.tag=${tag}`), fiveByteForm, Buffer.of(0)]);
      sendBytes(Buffer.concat([...rows, handMade, encodeSentence(["!done", `.tag=${tag}`])]));
    });
    const { rows } = await client.command(["/x/print"]);
    expect(rows.map((row) => (row.v === undefined ? row : row.v.length + 3))).toEqual([...lengths, { w: "ok" }]);
  });

  it("encodes a word of every length form in the commands it sends", async () => {
    const { server, client } = await loggedIn(({ tag, send }) => send(["!done", `.tag=${tag}`]));
    await client.command(["/x/set", ...lengths.map(wordOf)]);
    const sent = server.received.at(-1) ?? [];
    expect(sent.slice(1, -1).map((word) => word.length)).toEqual(lengths);
  });

  it("refuses a word longer than its limit (256 MiB announced with 0xF0) without waiting for it", async () => {
    const { client } = await loggedIn(({ sendBytes }) => sendBytes(Buffer.concat([Buffer.of(3), Buffer.from("!re"), encodeLength(0x10000000)])));
    await expect(client.command(["/x"])).rejects.toBeInstanceOf(RouterOsProtocolError);
    expect(client.closed).toBe(true);
  });
});

describe("/cancel of a streaming command", () => {
  it("follows the real transcript: target !trap interrupted, /cancel's !done, target !done", async () => {
    let stream: ScriptedExchange | undefined;
    const { server, client } = await loggedIn((exchange) => {
      const { words, tag, send } = exchange;
      if (words[0] === "/ip/address/listen") {
        stream = exchange;
        send(["!re", `.tag=${tag}`, "=.id=*A", "=address=192.0.2.1/32"], ["!re", `.tag=${tag}`, "=.id=*A", "=.dead=true"]);
      } else if (words[0] === "/cancel" && stream) {
        const target = `.tag=${stream.tag}`;
        send(["!trap", target, "=category=2", "=message=interrupted"], ["!done", `.tag=${tag}`], ["!done", target]);
      }
    });
    const rows: Record<string, string>[] = [];
    const listen = client.stream(["/ip/address/listen"], (row) => rows.push(row));
    await expect.poll(() => rows.length).toBe(2);
    await listen.cancel();
    await expect(listen.done).resolves.toEqual({ done: {}, cancelled: true });
    expect(server.received.find((words) => words[0] === "/cancel")?.slice(0, 2)).toEqual(["/cancel", `=tag=${listen.tag}`]);
    expect(rows[1]).toEqual({ ".id": "*A", ".dead": "true" });
  });
});

describe("counters", () => {
  it("keeps 64-bit counters past 2^53 exact from the wire to bigint", async () => {
    const { client } = await loggedIn(({ tag, send }) => {
      send(["!re", `.tag=${tag}`, "=bytes=18446744073709551615", "=packets=9007199254740993"], ["!done", `.tag=${tag}`]);
    });
    const [row] = (await client.command(["/ip/firewall/mangle/print", "=.proplist=bytes,packets"])).rows;
    expect(parseCounter(row?.bytes ?? "")).toBe(2n ** 64n - 1n);
    expect(parseCounter(row?.packets ?? "")).toBe(2n ** 53n + 1n);
  });
});
