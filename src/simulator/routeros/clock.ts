// The simulator's time: every dataplane timer (check-gateway probes, netwatch, scheduler, traffic ticks, :delay)
// runs on a SimClock. "real" rides on Node timers (unref'd, so a forgotten simulator never holds the process open);
// "manual" only moves when a test calls advance(), which makes failover timing tests exact and instant.

export type TimerId = number;

type TimerCallback = () => void | Promise<void>;

export type SimClock = {
  readonly mode: "real" | "manual";
  /** Milliseconds since the epoch, on this clock. */
  now: () => number;
  every: (ms: number, fn: TimerCallback) => TimerId;
  after: (ms: number, fn: TimerCallback) => TimerId;
  cancel: (id: TimerId) => void;
  /** Resolves after `ms` on this clock (what `:delay` uses). */
  sleep: (ms: number) => Promise<void>;
  /** Manual clocks only: runs every timer due within `ms`, in time order, then sets the time to now + ms. */
  advance: (ms: number) => Promise<void>;
  /** Cancels every timer; the clock is unusable afterwards. */
  dispose: () => void;
};

// A timer callback that throws must not take the simulator down: the failure belongs to the script or probe.
// Returns the callback's promise when it is asynchronous, so the manual clock awaits only what can be awaited.
const runSafely = (fn: TimerCallback): Promise<void> | undefined => {
  try {
    const result = fn();
    return result instanceof Promise ? result.catch(() => undefined) : undefined;
  } catch {
    return undefined;
  }
};

export const createRealClock = (): SimClock => {
  const handles = new Map<TimerId, { handle: NodeJS.Timeout; repeating: boolean }>();
  let nextId = 1;
  const start = (ms: number, fn: TimerCallback, repeating: boolean): TimerId => {
    const id = nextId++;
    const tick = () => {
      if (!repeating) handles.delete(id);
      void runSafely(fn);
    };
    const handle = repeating ? setInterval(tick, Math.max(1, ms)) : setTimeout(tick, Math.max(0, ms));
    handle.unref();
    handles.set(id, { handle, repeating });

    return id;
  };
  const cancel = (id: TimerId) => {
    const timer = handles.get(id);
    if (!timer) return;
    if (timer.repeating) clearInterval(timer.handle);
    else clearTimeout(timer.handle);
    handles.delete(id);
  };

  return {
    mode: "real",
    now: () => Date.now(),
    every: (ms, fn) => start(ms, fn, true),
    after: (ms, fn) => start(ms, fn, false),
    cancel,
    sleep: (ms) => new Promise((resolve) => start(ms, resolve, false)),
    advance: () => Promise.reject(new Error("advance() needs a manual clock")),
    dispose: () => [...handles.keys()].forEach(cancel),
  };
};

type ManualTimer = { id: TimerId; due: number; intervalMs: number | null; fn: TimerCallback; seq: number };

// Work started by a timer (a script run through executeCommand) settles within a few macrotask turns unless it
// waits on this clock (`:delay`); racing against these turns keeps advance() from waiting on itself.
const settleTurns = async (turns = 4): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

export const createManualClock = (startMs: number = Math.floor(Date.now() / 1000) * 1000): SimClock => {
  let current = startMs;
  let nextId = 1;
  let seq = 0;
  const timers = new Map<TimerId, ManualTimer>();
  const schedule = (ms: number, fn: TimerCallback, intervalMs: number | null): TimerId => {
    const id = nextId++;
    timers.set(id, { id, due: current + Math.max(0, ms), intervalMs, fn, seq: seq++ });

    return id;
  };
  const earliestDue = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }

    return best;
  };

  const advance = async (ms: number) => {
    const target = current + Math.max(0, ms);
    for (let timer = earliestDue(target); timer; timer = earliestDue(target)) {
      current = Math.max(current, timer.due);
      if (timer.intervalMs === null) timers.delete(timer.id);
      else Object.assign(timer, { due: timer.due + Math.max(1, timer.intervalMs), seq: seq++ });
      const pending = runSafely(timer.fn);
      if (pending) await Promise.race([pending, settleTurns()]);
    }
    current = target;
    await settleTurns(1);
  };

  return {
    mode: "manual",
    now: () => current,
    every: (ms, fn) => schedule(ms, fn, ms),
    after: (ms, fn) => schedule(ms, fn, null),
    cancel: (id) => void timers.delete(id),
    // Waking a sleeper returns a turn of the event loop, so its continuation runs before the clock moves on.
    sleep: (ms) =>
      new Promise((resolve) => {
        schedule(
          ms,
          () => {
            resolve();
            return settleTurns(1);
          },
          null,
        );
      }),
    advance,
    dispose: () => timers.clear(),
  };
};

export const createClock = (mode: "real" | "manual" = "real"): SimClock => (mode === "manual" ? createManualClock() : createRealClock());
