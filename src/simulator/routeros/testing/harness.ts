// Test support: a simulated router on 127.0.0.1 and the repo's own API client logged in to it, so simulator tests
// go over real TCP exactly like the product does.

import { afterEach } from "vitest";

import { connect, RouterOsTrapError, type RouterOsClient, type RouterOsResult, type RouterOsRow } from "@/lib/devices/routeros/api-client";

import { startRouterOsSimulator, type RouterOsSimulator, type RouterOsSimulatorOptions } from "../index";

export type TestRouter = {
  sim: RouterOsSimulator;
  client: RouterOsClient;
  /** Runs a command, resolving to its full result. */
  run: (...words: string[]) => Promise<RouterOsResult>;
  /** Runs a print, resolving to its rows. */
  rows: (...words: string[]) => Promise<RouterOsRow[]>;
  /** Runs an add, resolving to the new `.id`. */
  add: (menu: string, props: Record<string, string>) => Promise<string>;
  /** Runs a command that must fail, resolving to the first trap's message. */
  trapOf: (...words: string[]) => Promise<string>;
  /** Opens another logged-in session to the same router. */
  session: () => Promise<RouterOsClient>;
};

const USER = { name: "admin", password: "pw" };

export const useTestRouters = () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  const login = async (port: number): Promise<RouterOsClient> => {
    const client = await connect({
      host: "127.0.0.1",
      port,
      transport: "plain",
      username: USER.name,
      password: USER.password,
      connectTimeoutMs: 5_000,
      commandTimeoutMs: 5_000,
    });
    cleanups.push(() => client.close());
    return client;
  };

  return async (overrides: Partial<RouterOsSimulatorOptions> = {}): Promise<TestRouter> => {
    const sim = await startRouterOsSimulator({
      host: "127.0.0.1",
      version: "7.16.2",
      identity: "MikroTik",
      boardName: "CHR",
      users: [USER],
      ...overrides,
    });
    cleanups.push(sim.close);
    const client = await login(sim.port);
    const run = (...words: string[]) => client.command(words);
    const trapOf = async (...words: string[]) => {
      try {
        await client.command(words);
      } catch (error) {
        if (error instanceof RouterOsTrapError) return error.trapMessage;
        throw error;
      }
      throw new Error(`${words[0]} did not trap`);
    };
    const add = async (menu: string, props: Record<string, string>) => {
      const result = await run(`/${menu}/add`, ...Object.entries(props).map(([name, value]) => `=${name}=${value}`));
      return result.done.ret ?? "";
    };

    return { sim, client, run, rows: async (...words) => (await run(...words)).rows, add, trapOf, session: () => login(sim.port) };
  };
};
