// Test support: a simulated router on 127.0.0.1 and the repo's own API client logged in to it, so simulator tests
// go over real TCP exactly like the product does.

import { afterEach } from "vitest";

import {
  connect,
  RouterOsTrapError,
  type RouterOsClient,
  type RouterOsConnectOptions,
  type RouterOsResult,
  type RouterOsRow,
} from "@/lib/devices/routeros/api-client";

import { startRouterOsSimulator, type RouterOsSimulator, type RouterOsSimulatorOptions } from "@/simulator/routeros";

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

export type SimulatorAndClientSetup = {
  /** How the file's routers start; our client logs in as the first of `users` (default admin/pw). */
  router?: Partial<RouterOsSimulatorOptions>;
  /** How our client connects (default: plain, 5 s to log in, 5 s per command). */
  client?: Partial<RouterOsConnectOptions>;
};

export type SimulatorAndClient = {
  /** Starts a simulated router on 127.0.0.1 (7.16.2, "MikroTik", CHR unless the setup or `overrides` say otherwise). */
  simulator: (overrides?: Partial<RouterOsSimulatorOptions>) => Promise<RouterOsSimulator>;
  /** Logs our client in to 127.0.0.1:`port`. */
  open: (port: number, overrides?: Partial<RouterOsConnectOptions>) => Promise<RouterOsClient>;
  /** Runs `cleanup` after the test, before whatever was opened earlier is closed. */
  afterTest: (cleanup: () => Promise<void> | void) => void;
};

/**
 * Simulated routers and our client logged in to them, all closed after each test (last opened, first closed): for
 * tests that start the router or connect the client their own way. Call it once at the top of a test file.
 */
export const useSimulatorAndClient = ({ router = {}, client = {} }: SimulatorAndClientSetup = {}): SimulatorAndClient => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  const afterTest = (cleanup: () => Promise<void> | void) => void cleanups.push(cleanup);
  const user = router.users?.[0] ?? USER;

  const simulator = async (overrides: Partial<RouterOsSimulatorOptions> = {}) => {
    const sim = await startRouterOsSimulator({
      host: "127.0.0.1",
      version: "7.16.2",
      identity: "MikroTik",
      boardName: "CHR",
      users: [USER],
      ...router,
      ...overrides,
    });
    afterTest(sim.close);
    return sim;
  };
  const open = async (port: number, overrides: Partial<RouterOsConnectOptions> = {}) => {
    const session = await connect({
      host: "127.0.0.1",
      port,
      transport: "plain",
      username: user.name,
      password: user.password,
      connectTimeoutMs: 5_000,
      commandTimeoutMs: 5_000,
      ...client,
      ...overrides,
    });
    afterTest(() => session.close());
    return session;
  };

  return { simulator, open, afterTest };
};

export const useTestRouters = () => {
  const { simulator, open } = useSimulatorAndClient();

  return async (overrides: Partial<RouterOsSimulatorOptions> = {}): Promise<TestRouter> => {
    const sim = await simulator(overrides);
    const client = await open(sim.port);
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

    return { sim, client, run, rows: async (...words) => (await run(...words)).rows, add, trapOf, session: () => open(sim.port) };
  };
};
