// Client behaviour against a scripted byte-stream peer: reply shapes a real router produces
// (or might), independent of the simulator.

import { afterEach, describe, expect, it } from "vitest";

import {
  connect,
  RouterOsConnectionError,
  RouterOsFatalError,
  RouterOsProtocolError,
  RouterOsTimeoutError,
  RouterOsTrapError,
  type RouterOsClient,
} from "./api-client";
import { startScriptedServer, type ScriptedExchange } from "@tests/support/routeros/scripted-server";
import { encodeSentence } from "./wire";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type Script = (exchange: ScriptedExchange) => void;

const acceptLogin: Script = ({ words, tag, send }) => {
  if (words[0] === "/login") send(["!done", `.tag=${tag}`]);
};

/** Connects to a scripted peer that accepts any login and runs `script` for every other sentence. */
const scripted = async (script: Script) => {
  const server = await startScriptedServer((exchange) => {
    if (exchange.words[0] === "/login") acceptLogin(exchange);
    else script(exchange);
  });
  cleanups.push(server.close);
  const client: RouterOsClient = await connect({
    host: "127.0.0.1",
    port: server.port,
    transport: "plain",
    username: "admin",
    password: "pw",
    connectTimeoutMs: 2_000,
    commandTimeoutMs: 2_000,
  });
  cleanups.push(() => client.close());

  return { server, client };
};

describe("RouterOS client on the wire", () => {
  it("matches replies by .tag in any position, even interleaved and out of order", async () => {
    const pending: ScriptedExchange[] = [];
    const { client } = await scripted((exchange) => {
      pending.push(exchange);
      if (pending.length < 2) return;
      const [first, second] = pending as [ScriptedExchange, ScriptedExchange];
      second.send(["!re", `.tag=${second.tag}`, "=name=second"]);
      first.send(["!re", "=name=first-a", `.tag=${first.tag}`]);
      first.send(["!re", "=.id=*1", `.tag=${first.tag}`, "=name=first-b"]);
      second.send(["!done", "=ret=7", `.tag=${second.tag}`]);
      first.send(["!done", `.tag=${first.tag}`]);
    });
    const [a, b] = await Promise.all([client.command(["/a/print"]), client.command(["/b/print"])]);
    expect(a.rows).toEqual([{ name: "first-a" }, { ".id": "*1", name: "first-b" }]);
    expect(b).toEqual({ rows: [{ name: "second" }], done: { ret: "7" }, empty: false });
  });

  it("ignores untagged replies and replies for unknown tags", async () => {
    const { client } = await scripted(({ tag, send }) => {
      send(["!re", "=stray=1"], ["!done", ".tag=999"], ["!re", `.tag=${tag}`, "=ok=1"], ["!done", `.tag=${tag}`]);
    });
    expect((await client.command(["/x/print"])).rows).toEqual([{ ok: "1" }]);
  });

  it("keeps empty !re rows", async () => {
    const { client } = await scripted(({ tag, send }) => {
      send(["!re", `.tag=${tag}`], ["!re", `.tag=${tag}`], ["!re", `.tag=${tag}`], ["!done", `.tag=${tag}`]);
    });
    expect((await client.command(["/ip/service/print", "=.proplist=comment"])).rows).toEqual([{}, {}, {}]);
  });

  it("rejects !trap + !done with message and category, then keeps working", async () => {
    const { client } = await scripted(({ words, tag, send }) => {
      if (words[0] === "/ip/address/add") {
        send(["!trap", `.tag=${tag}`, "=category=1", "=message=input does not match any value of interface"], ["!done", `.tag=${tag}`]);
      } else send(["!done", `.tag=${tag}`]);
    });
    const error = await client.command(["/ip/address/add", "=interface=asdf"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouterOsTrapError);
    expect(error).toMatchObject({ trapMessage: "input does not match any value of interface", category: 1, command: "/ip/address/add" });
    await expect(client.command(["/system/identity/print"])).resolves.toMatchObject({ rows: [] });
  });

  it("collects several traps of one command", async () => {
    const { client } = await scripted(({ tag, send }) => {
      send(["!trap", `.tag=${tag}`, "=message=first"], ["!trap", "=message=second", "=category=4", `.tag=${tag}`], ["!done", `.tag=${tag}`]);
    });
    const error = (await client.command(["/x"]).catch((caught: unknown) => caught)) as RouterOsTrapError;
    expect(error.traps.map((trap) => [trap.message, trap.category])).toEqual([
      ["first", undefined],
      ["second", 4],
    ]);
  });

  it("handles !empty (RouterOS 7.18+) before !done", async () => {
    const { client } = await scripted(({ tag, send }) => send(["!empty", `.tag=${tag}`], ["!done", `.tag=${tag}`]));
    expect(await client.command(["/interface/pptp-server/print"])).toEqual({ rows: [], done: {}, empty: true });
  });

  it("rejects all in-flight commands on !fatal with a bare reason word", async () => {
    const seen: ScriptedExchange[] = [];
    const { client } = await scripted((exchange) => {
      seen.push(exchange);
      if (seen.length === 2) exchange.send(["!fatal", "session terminated on request"]);
    });
    const first = client.command(["/a"]);
    const second = client.command(["/b"]);
    await expect(first).rejects.toEqual(new RouterOsFatalError("session terminated on request"));
    await expect(second).rejects.toMatchObject({ reason: "session terminated on request" });
    expect(client.closed).toBe(true);
  });

  it("decodes a reply written one byte per TCP write", async () => {
    const { client } = await scripted(({ tag, socket }) => {
      const bytes = Buffer.concat([encodeSentence(["!re", `.tag=${tag}`, `=long=${"z".repeat(300)}`]), encodeSentence(["!done", `.tag=${tag}`])]);
      void (async () => {
        for (const byte of bytes) {
          socket.write(Buffer.of(byte));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
    });
    expect((await client.command(["/x/print"])).rows).toEqual([{ long: "z".repeat(300) }]);
  });

  it("times out a command, cancels it on the router and ignores its late replies", async () => {
    let late: ScriptedExchange | undefined;
    const { client, server } = await scripted((exchange) => {
      if (exchange.words[0] === "/slow") late = exchange;
      else if (exchange.words[0] === "/fast") exchange.send(["!re", `.tag=${exchange.tag}`, "=n=1"], ["!done", `.tag=${exchange.tag}`]);
      else exchange.send(["!done", `.tag=${exchange.tag}`]);
    });
    const started = Date.now();
    await expect(client.command(["/slow"], { timeoutMs: 150 })).rejects.toBeInstanceOf(RouterOsTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect.poll(() => server.received.some((words) => words[0] === "/cancel")).toBe(true);
    const cancel = server.received.find((words) => words[0] === "/cancel");
    expect(cancel).toContain(`=tag=${late?.tag}`);
    late?.send(["!re", `.tag=${late.tag}`, "=n=late"], ["!done", `.tag=${late.tag}`]);
    expect((await client.command(["/fast"])).rows).toEqual([{ n: "1" }]);
  });

  it("rejects every in-flight command promptly when the connection drops", async () => {
    const seen: ScriptedExchange[] = [];
    const { client } = await scripted((exchange) => {
      seen.push(exchange);
      if (seen.length === 2) exchange.socket.destroy();
    });
    const started = Date.now();
    const results = await Promise.allSettled([client.command(["/a"], { timeoutMs: 10_000 }), client.command(["/b"], { timeoutMs: 10_000 })]);
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(RouterOsConnectionError);
    }
    await expect(client.command(["/c"])).rejects.toBeInstanceOf(RouterOsConnectionError);
  });

  it("fails the session on a reserved control byte", async () => {
    const { client } = await scripted(({ sendBytes }) => sendBytes(Buffer.from([0xf8])));
    await expect(client.command(["/x"])).rejects.toBeInstanceOf(RouterOsProtocolError);
    expect(client.closed).toBe(true);
  });

  it("never puts the password in what it reports", async () => {
    const server = await startScriptedServer(({ tag, send }) => send(["!trap", `.tag=${tag}`, "=message=cannot log in"], ["!done", `.tag=${tag}`]));
    cleanups.push(server.close);
    const attempt = connect({ host: "127.0.0.1", port: server.port, transport: "plain", username: "ops", password: "hunter2-secret" });
    const error = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(error.name).toBe("RouterOsLoginError");
    expect(`${error.message} ${error.stack ?? ""} ${JSON.stringify(error)}`).not.toContain("hunter2");
  });
});
