import { MARK, READ_COMMANDS, type StateLink } from "../read-state";

// The gateway side of a watch: one POSIX sh loop, started by one exec on the watch's SSH connection, that prints a
// framed reading every interval and sleeps. The sections are read-state.ts's own (same commands, same parser);
// what differs is that the ruleset (rules, their words, the table hash) is sent only when it changed: the loop
// keeps the last listing with its counters zeroed, and while a new listing equals it, sends only the counters,
// in listing order, for the dashboard to put back into the listing it kept (./frames.ts).
//
// It ends by itself when no one reads any more: a write to a closed channel kills it (SIGPIPE), and a reader of
// the channel's standard input (fd 3: an asynchronous list's own standard input is /dev/null) kills the loop when
// that input ends, which it does when the channel closes or the connection (or the dashboard) dies, even while
// the loop sleeps.

/** The loop's $0: what `pgrep -f` finds on the gateway. */
export const WATCH_NAME = "waymark-watch";

/** The interval the loop may be asked for, in ms. */
export const WATCH_INTERVAL = { min: 100, max: 600_000 } as const;

// Counters as nft -j prints them (jansson's ", " and ": " separators), in rules and named counter objects alike.
const COUNTER_SED = `s/"packets": [0-9][0-9]*, "bytes": [0-9][0-9]*/"packets": 0, "bytes": 0/g`;
const COUNTER_GREP = `"packets": [0-9][0-9]*, "bytes": [0-9][0-9]*`;

export function watchScript(links: readonly StateLink[], intervalMs: number): string {
  if (!Number.isInteger(intervalMs) || intervalMs < WATCH_INTERVAL.min || intervalMs > WATCH_INTERVAL.max) {
    throw new Error(`watch interval outside ${WATCH_INTERVAL.min}..${WATCH_INTERVAL.max} ms`);
  }
  return [
    "exec 3<&0",
    "{ cat <&3 >/dev/null; kill $$ 2>/dev/null; } &",
    "last=''",
    "seq=0",
    `every=${intervalMs}`,
    "while :; do",
    "  seq=$((seq + 1))",
    `  now=$(${READ_COMMANDS.now})`,
    // Frames on a fixed schedule (start + seq × interval, by the gateway's clock), slept in the background from the
    // frame's start: a slow frame does not add a full interval of sleep, and frames do not drift later and later
    // against a dashboard that polls every interval. A frame late by a whole interval starts the schedule anew.
    '  [ "$seq" -eq 1 ] && start=$now',
    "  left=$((start + seq * every - now))",
    '  if [ "$left" -le 0 ]; then start=$((now + every - seq * every)); left=$every; fi',
    "  ms=$((left % 1000 + 1000))",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion (the ms, zero-padded), made on the gateway
    '  sleep "$((left / 1000)).${ms#1}" & pace=$!',
    `  rs=$(${READ_COMMANDS.ruleset})`,
    `  cfg=$(printf '%s\\n' "$rs" | sed '${COUNTER_SED}')`,
    `  echo "${MARK}frame $seq"`,
    `  if [ "$cfg" = "$last" ]; then`,
    `    echo ${MARK}counters; printf '%s\\n' "$rs" | grep -o '${COUNTER_GREP}' | tr -dc '0-9 \\n'`,
    "  else",
    `    echo ${MARK}ruleset; printf '%s\\n' "$rs"`,
    `    echo ${MARK}table; ${READ_COMMANDS.table}`,
    "    last=$cfg",
    "  fi",
    `  echo ${MARK}monitor; ${READ_COMMANDS.monitor}; echo`,
    `  echo ${MARK}pools; ${READ_COMMANDS.pools}; echo`,
    `  echo ${MARK}conntrack`,
    ...READ_COMMANDS.conntrack(links).map((line) => `  ${line}`),
    `  echo ${MARK}now; echo "$now"`,
    `  echo ${MARK}end`,
    '  wait "$pace"',
    "done",
  ].join("\n");
}
