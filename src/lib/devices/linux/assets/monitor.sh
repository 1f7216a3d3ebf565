#!/bin/sh
# shellcheck disable=SC2154,SC2015 # per-link values are read with eval from LINK_<i>_* names; "A && B || die" is meant
# waymark-monitor: the link health monitor Waymark installs on a Linux gateway (/usr/local/lib/waymark/monitor.sh).
# Failover does not depend on the dashboard: this script probes every link through that link and rewrites the pool
# itself. POSIX sh (dash), standard tools only: ping (iputils), socat (TCP probes), nft or iptables-restore,
# conntrack (optional), date, sleep, mkfifo, mv, logger (optional), sha256sum or cksum.
# Processes: the coordinator (reads one FIFO, keeps the state, applies changes), a ticker, and per target an ICMP
# relay with its ping, or a TCP prober; with server pools (POOL_COUNT > 0), pool-checks.sh beside this script.
#
# Usage
#   monitor.sh [CONFIG]                    run in the foreground (what systemd starts)
#   monitor.sh --supervise [CONFIG]        without systemd: run the monitor as a child and restart it when it dies
#   monitor.sh --print-update LIVE [CONFIG]  dry run: print the state update for the live link indexes in LIVE
#                                          ("0 2", "" for none) and exit; nothing is probed or applied
#   monitor.sh --print-pool LIVE [CONFIG]  dry run: print the pool as "index:from-to" words
#   CONFIG defaults to $WAYMARK_MONITOR_CONFIG, else /etc/waymark/monitor.conf (format 1, written by Waymark's
#   compiler, src/lib/domain/compile/linux/monitor-config.ts). Any other WAYMARK_CONFIG_FORMAT is refused.
#
# Supervision
#   systemd (waymark-monitor.service): the script stays in the foreground and logs to syslog; expected unit:
#     ExecStart=/bin/sh /usr/local/lib/waymark/monitor.sh /etc/waymark/monitor.conf
#     ExecReload=/bin/kill -HUP $MAINPID     (HUP re-reads the config: the monitor re-executes itself)
#     Restart=always, RestartSec=1, KillMode=control-group
#   no systemd: setsid /bin/sh /usr/local/lib/waymark/monitor.sh --supervise /etc/waymark/monitor.conf \
#                 </dev/null >/dev/null 2>&1 &
#     The supervisor restarts a monitor that exits or is killed (1 s, doubling to 30 s while it keeps failing;
#     back to 1 s after a run of 60 s); TERM/INT/HUP to the supervisor stops the monitor and then itself.
#   One monitor and one supervisor at a time: $RUN_DIR/monitor.pid and monitor-supervisor.pid (a live pid in
#   there refuses a second one with exit 3; a dead one is taken over).
#
# Behaviour
#   - Every link starts UP (assumed healthy until proven otherwise, as the freshly pushed ruleset assumes): the
#     all-up state is applied at start, so the kernel always matches what the state file says. A link that is
#     really dead is taken down as below, as if it had just died (its record is empty, so clean).
#   - Probes, through the link (its mark) to every target, every LINK_i_PROBE_INTERVAL_MS:
#     ICMP: one long-lived pinger per target, `LC_ALL=C ping -n -D -O -l 2 -i <interval s> -m <mark> <target>`
#     (iputils s20121221 or later; busybox's ping has no -m, -D or -O and is refused at start), no fork per
#     probe. A relay subshell per pinger reads its timestamped lines through a FIFO and reports each probe once:
#     answered (its reply within TIMEOUT), or lost (a reply later than TIMEOUT, or none when ping sends the next
#     probe: -O). So a loss is known one INTERVAL after the probe left. -l 2 lets ping catch up after a late
#     wake-up, so probes leave every INTERVAL on average (without it timer slack adds to every interval: 320 ms
#     instead of 300 were seen); its first two probes leave together and the first is not judged. A ping that
#     ends (it cannot start while the link's table has no route, or it was killed) counts one lost probe and is
#     started again after one interval.
#     TCP: a prober per target, every interval `socat -u /dev/null TCP:<target>:<port>,connect-timeout=<s>,
#     setsockopt-listen=1:36:<mark>` (SOL_SOCKET, SO_MARK: socat 1.7.4 has no so-mark, and its setsockopt-int is
#     applied after connect, so the SYN would leave unmarked; setsockopt-listen is applied before bind, also on
#     connecting sockets). A refused connection is a lost probe. TCP probes still fork: four processes per probe
#     (date, socat, date, sleep), about 13 forks per second per target at 300 ms.
#   - Rounds: the k-th results of a link's targets (its probers run at the same interval from the same start)
#     form its round k, judged once each target has reported; a target falling QUEUE_MAX results behind the
#     others counts as lost for those rounds. A round passes when >= MIN_ANSWERING targets answered.
#   - Hysteresis: UP_COUNT passing rounds in a row bring a down link up. DOWN_COUNT failed rounds in a row take an
#     up link down; a CLEAN link goes down after DOWN_COUNT-1 (at least 1). A link is clean when its record lost
#     less than CLEAN_LOSS (5) % of its probes: the record is its last LOSS_WINDOW (20) passing rounds and the
#     runs of failed rounds between them that did not take it down (counted as one entry each); a run that took
#     the link down, and the rounds failed while down, are an outage, not loss, and never enter it. So a link
#     that answered everything and falls silent is dead at once, while one that has been losing probes needs the
#     full count before random loss can fail it. Detection of a silent death with the defaults (300 ms, down
#     after 3): clean 600-900 ms ((DOWN_COUNT-1) to DOWN_COUNT intervals, by where the death falls between two
#     probes), otherwise 900-1200 ms; plus ping's scheduling jitter (tens of ms).
#   - On a change the pool is recomputed exactly as pool.ts does (lowest tier with a live link, largest-remainder
#     buckets) and applied in one transaction: `nft -f -` (nft-state.ts) or `iptables-restore -w --noflush`
#     (iptables-pool.ts). A failed apply is retried every second until it succeeds.
#   - Conntrack, after the apply: link i goes down and ON_FAILOVER=flush -> `conntrack -D -m <mark>/<mask>`;
#     link i leaves the pool because a lower tier came back and its ON_FAILBACK=flush -> same. Flows are never
#     flushed while no link is live (there is nowhere to move them, and they may resume if their link comes back):
#     the flush of a dead link waits until some link is live again, and is dropped if its own link recovers first.
#     Without a conntrack binary nothing is flushed and the state file says conntrack=missing.
#   - Clocks: ICMP results carry ping's own timestamp (-D, the realtime clock); TCP probers, the ticker and the
#     rest use `date +%s%3N` (whole seconds where %N is missing). A TCP probe that overran its interval or a clock
#     step restarts that prober's schedule from now. A link with no round for STALL_ROUNDS (5) times its interval
#     plus timeout (say its pingers were stopped) makes the monitor exit 1 so that it is started afresh.
#   - Cost (bench/linux-monitor-cpu.ts, three ICMP links with two targets each at the defaults): about 1 % of one
#     core and 3 forks per second (the ticker's sleep and date, the state file's mv).
#   - Stopping the monitor (TERM) leaves the pool as it last wrote it and marks the state file stopped=.
#   - Transitions are logged with `logger -t waymark-monitor` (stderr without logger, or with
#     WAYMARK_MONITOR_LOG=stderr).
#
# State file (STATE_FILE, tmpfs): "waymark monitor state, format 1". Rewritten atomically (temp file + mv) every
# second, at once after a round with news (a transition, a failed round while up, a passing round after failed
# ones or while down), and after every round during the first EARLY_MS (5 s) after the start, which the push's
# health gate waits through; steady rounds do not each cost an mv. A header line, then one line per link in intent order; tokens are
# space-separated key=value words, and readers ignore keys they do not know:
#   monitor pid=<pid> started=<epoch ms> config=<sha256:hex | cksum:crc-size> updated=<epoch ms> format=1
#           flavour=<nftables|iptables> conntrack=<ok|missing> apply=<ok|failed> pool=<i:from-to,... | ->
#           [stopped=<epoch ms>]
#   link <i> <name> <up|down> since=<epoch ms of the last transition, or of the start> rtt_ms=<average RTT of
#           the last round's answers, 3 decimals; "-" when nothing answered> loss=<% of probes lost over the
#           last 20 rounds> fails=<consecutive failed rounds> passes=<consecutive passing rounds>
#   (TCP rtt_ms is the connect time measured around socat, so it includes socat's start-up.)
# Real sample (the dual-WAN lab's gateway, just after isp1 was blackholed: a clean link, down after 2 failed rounds):
#   monitor pid=3083 started=1796500979703 config=sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec updated=1796500981833 format=1 flavour=nftables conntrack=ok apply=ok pool=1:0-99
#   link 0 isp1 down since=1796500981833 rtt_ms=- loss=29 fails=2 passes=0
#   link 1 isp2 up since=1796500979703 rtt_ms=0.046 loss=0 fails=0 passes=8
#
# Environment (tests and development): WAYMARK_MONITOR_CONFIG (config path), WAYMARK_RUN_DIR (pid files and
# FIFOs; default /run/waymark), WAYMARK_STATE_FILE (overrides STATE_FILE), WAYMARK_MONITOR_LOG=stderr,
# WAYMARK_CONNTRACK (the conntrack command).
#
# Exit codes: 0 stopped by TERM/INT, 1 runtime failure (a prober died or stalled, a probe tool unusable), 2 bad or unknown
# config, 3 already running, 64 usage. (A monitor started in the background by a non-interactive shell, as the
# supervisor does, has SIGINT ignored by POSIX rules: stop it with TERM.)

set -u

PROG=waymark-monitor
LOSS_WINDOW=20
# A link whose record (LOSS_WINDOW entries, see the header) lost less than CLEAN_LOSS % of its probes is clean: a
# run of failed rounds then takes it down one round sooner.
CLEAN_LOSS=5
TICK_MS=1000
# The state file is written after every round for this long after the start (the push's health gate waits for it).
EARLY_MS=5000
# Results a target's prober may fall behind the other targets of its link before its missing ones count as lost.
QUEUE_MAX=3
# A link whose probers report no round for this many of its (interval + timeout) makes the monitor start afresh.
STALL_ROUNDS=5
SUPERVISE_MAX_BACKOFF=30

# ---------------------------------------------------------------------------------------------------- helpers

log_to=${WAYMARK_MONITOR_LOG:-syslog}
if [ "$log_to" = syslog ] && ! command -v logger >/dev/null 2>&1; then log_to=stderr; fi

# log PRIORITY MESSAGE...  (priority: info, notice, warning, err)
log() {
  _p=$1
  shift
  if [ "$log_to" = syslog ]; then
    logger -t "$PROG" -p "daemon.$_p" "$*" 2>/dev/null || printf '%s[%s]: %s\n' "$PROG" "$$" "$*" >&2
  else
    printf '%s[%s]: %s\n' "$PROG" "$$" "$*" >&2
  fi
}

die() {
  _code=$1
  shift
  log err "$*"
  exit "$_code"
}

is_uint() {
  case $1 in
    '' | *[!0-9]*) return 1 ;;
  esac
  return 0
}

is_hex() {
  case $1 in
    0x*) case ${1#0x} in '' | *[!0-9a-fA-F]*) return 1 ;; esac ;;
    *) return 1 ;;
  esac
  return 0
}

# in_list WORD "LIST OF WORDS"
in_list() {
  case " $2 " in
    *" $1 "*) return 0 ;;
  esac
  return 1
}

# pad3 N -> N with leading zeros to 3 digits (0 <= N < 1000); result in $_pad
pad3() {
  case ${#1} in
    1) _pad=00$1 ;;
    2) _pad=0$1 ;;
    *) _pad=$1 ;;
  esac
}

# ms_to_s MS -> "S.mmm" in $_secs
ms_to_s() {
  pad3 $(($1 % 1000))
  _secs=$(($1 / 1000)).$_pad
}

# Milliseconds since the epoch in $_now (GNU date; whole seconds where %N is unsupported).
ms_clock=0
case $(date +%s%3N 2>/dev/null) in
  '' | *[!0-9]*) ms_clock=0 ;;
  *) ms_clock=1 ;;
esac
now_ms() {
  if [ "$ms_clock" = 1 ]; then
    _now=$(date +%s%3N)
  else
    _now=$(date +%s)000
  fi
}

frac_sleep=0
if sleep 0.001 2>/dev/null; then frac_sleep=1; fi

# sleep_ms MS: sleeps in the background and waits for it, so a trapped signal is handled at once.
sleep_pid=
sleep_ms() {
  if [ "$1" -le 0 ]; then return 0; fi
  if [ "$frac_sleep" = 1 ]; then
    ms_to_s "$1"
  else
    _secs=$((($1 + 999) / 1000))
  fi
  sleep "$_secs" &
  sleep_pid=$!
  wait "$sleep_pid"
  sleep_pid=
}

# --------------------------------------------------------------------------------------------------- arguments

mode=run
live_arg=
case ${1:-} in
  --supervise)
    mode=supervise
    shift
    ;;
  --print-update | --print-pool)
    [ $# -ge 2 ] || {
      echo "usage: $0 $1 \"LIVE INDEXES\" [CONFIG]" >&2
      exit 64
    }
    mode=${1#--}
    live_arg=$2
    shift 2
    ;;
  -h | --help)
    sed -n '2,/^set -u/p' "$0" | sed '$d'
    exit 0
    ;;
  -*)
    echo "usage: $0 [--supervise | --print-update LIVE | --print-pool LIVE] [CONFIG]" >&2
    exit 64
    ;;
esac
[ $# -le 1 ] || {
  echo "usage: $0 [--supervise | --print-update LIVE | --print-pool LIVE] [CONFIG]" >&2
  exit 64
}
CONFIG_PATH=${1:-${WAYMARK_MONITOR_CONFIG:-/etc/waymark/monitor.conf}}
RUN_DIR=${WAYMARK_RUN_DIR:-/run/waymark}
CONNTRACK_CMD=${WAYMARK_CONNTRACK:-conntrack}

# ------------------------------------------------------------------------------------------------------ config

GLOBAL_KEYS='WAYMARK_CONFIG_FORMAT FLAVOUR METHOD NFT_TABLE POOL_MAP LINKS_UP_SET IPT_POOL_CHAIN IPT_UP_CHAIN_PREFIX
IPT_TO_CHAIN_PREFIX MARK_MASK NO_LINK_MARK LAST_RESORT STATE_FILE POOL_SIZE LINK_COUNT'
LINK_KEYS='INDEX NAME INTERFACE GATEWAY MARK TABLE WEIGHT TIER PROBE_TYPE PROBE_PORT PROBE_TARGETS PROBE_INTERVAL_MS
PROBE_TIMEOUT_MS PROBE_MIN_ANSWERING PROBE_DOWN_COUNT PROBE_UP_COUNT ON_FAILOVER ON_FAILBACK'

bad_config() {
  die 2 "config $CONFIG_PATH: $*"
}

# Checks every line is a comment or KEY='safe value' before sourcing, so a damaged file cannot run anything.
load_config() {
  [ -r "$CONFIG_PATH" ] || bad_config "cannot read it"
  # The format is checked first, so a future format is refused as such rather than as a syntax error.
  _format=
  while IFS= read -r _line || [ -n "$_line" ]; do
    case $_line in
      WAYMARK_CONFIG_FORMAT=*) _format=${_line#*=} ;;
    esac
  done <"$CONFIG_PATH"
  [ "$_format" = "'1'" ] || bad_config "unknown WAYMARK_CONFIG_FORMAT ${_format:-(none)}: this monitor reads format 1 only"
  _n=0
  while IFS= read -r _line || [ -n "$_line" ]; do
    _n=$((_n + 1))
    case $_line in
      '' | '#'*) continue ;;
    esac
    _key=${_line%%=*}
    _val=${_line#*=}
    case $_key in
      '' | [!A-Z]* | *[!A-Z0-9_]*) bad_config "line $_n is not KEY='value'" ;;
    esac
    case $_val in
      \'*\') _val=${_val#\'} _val=${_val%\'} ;;
      *) bad_config "line $_n: the value of $_key is not single-quoted" ;;
    esac
    case $_val in
      *[!-A-Za-z0-9\ ._:/,~]*) bad_config "line $_n: the value of $_key has characters outside [A-Za-z0-9 ._:/,~-]" ;;
    esac
  done <"$CONFIG_PATH"
  # shellcheck disable=SC1090
  . "$CONFIG_PATH"
  [ "${WAYMARK_CONFIG_FORMAT:-}" = 1 ] || bad_config "unknown WAYMARK_CONFIG_FORMAT '${WAYMARK_CONFIG_FORMAT:-}' (this monitor reads format 1)"
  for _key in $GLOBAL_KEYS; do
    eval "_set=\${$_key+x}"
    [ -n "$_set" ] || bad_config "$_key is missing"
  done
  case $FLAVOUR in nftables | iptables) ;; *) bad_config "FLAVOUR '$FLAVOUR'" ;; esac
  case $METHOD in per-connection | sticky-source | sticky-source-destination) ;; *) bad_config "METHOD '$METHOD'" ;; esac
  is_uint "$LINK_COUNT" && [ "$LINK_COUNT" -ge 1 ] && [ "$LINK_COUNT" -le 64 ] || bad_config "LINK_COUNT '$LINK_COUNT'"
  is_uint "$POOL_SIZE" && [ "$POOL_SIZE" -ge 1 ] || bad_config "POOL_SIZE '$POOL_SIZE'"
  is_hex "$MARK_MASK" || bad_config "MARK_MASK '$MARK_MASK'"
  [ -n "$STATE_FILE" ] || bad_config "STATE_FILE is empty"
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    for _key in $LINK_KEYS; do
      eval "_set=\${LINK_${_i}_$_key+x}"
      [ -n "$_set" ] || bad_config "LINK_${_i}_$_key is missing"
    done
    eval "_idx=\$LINK_${_i}_INDEX _mark=\$LINK_${_i}_MARK _type=\$LINK_${_i}_PROBE_TYPE _port=\$LINK_${_i}_PROBE_PORT"
    [ "$_idx" = "$_i" ] || bad_config "LINK_${_i}_INDEX is '$_idx'"
    is_hex "$_mark" || bad_config "LINK_${_i}_MARK '$_mark'"
    for _key in WEIGHT TIER PROBE_INTERVAL_MS PROBE_TIMEOUT_MS PROBE_MIN_ANSWERING PROBE_DOWN_COUNT PROBE_UP_COUNT; do
      eval "_v=\$LINK_${_i}_$_key"
      is_uint "$_v" && [ "$_v" -ge 1 ] || bad_config "LINK_${_i}_$_key '$_v'"
    done
    case $_type in
      icmp) ;;
      tcp) is_uint "$_port" || bad_config "LINK_${_i}_PROBE_PORT '$_port' (TCP probes need a port)" ;;
      *) bad_config "LINK_${_i}_PROBE_TYPE '$_type'" ;;
    esac
    eval "_v=\$LINK_${_i}_PROBE_TARGETS"
    [ -n "$_v" ] || bad_config "LINK_${_i}_PROBE_TARGETS is empty"
    for _key in ON_FAILOVER ON_FAILBACK; do
      eval "_v=\$LINK_${_i}_$_key"
      case $_v in flush | keep) ;; *) bad_config "LINK_${_i}_$_key '$_v'" ;; esac
    done
    _i=$((_i + 1))
  done
  [ -z "${WAYMARK_STATE_FILE:-}" ] || STATE_FILE=$WAYMARK_STATE_FILE
}

config_id() {
  if command -v sha256sum >/dev/null 2>&1; then
    _h=$(sha256sum <"$CONFIG_PATH")
    config_id=sha256:${_h%% *}
  else
    _h=$(cksum <"$CONFIG_PATH")
    # shellcheck disable=SC2086 # split "crc size" on purpose
    set -- $_h
    config_id=cksum:$1-$2
  fi
}

# ------------------------------------------------------------------------------------------------------- pool

# compute_pool "LIVE": the pool exactly as pool.ts computes it, as "index:from:to" words in $pool
# (empty when no link is live). 1. live links of the lowest tier that has one, in index order; 2. floor(P*w/W)
# buckets each, the rest one each to the largest remainders (P*w mod W), ties to the earlier link; 3. a link left
# with 0 takes one from the first link holding the most; 4. contiguous ranges from 0 in index order.
compute_pool() {
  pool=
  _tier=
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    if in_list "$_i" "$1"; then
      eval "_t=\$LINK_${_i}_TIER"
      if [ -z "$_tier" ] || [ "$_t" -lt "$_tier" ]; then _tier=$_t; fi
    fi
    _i=$((_i + 1))
  done
  [ -n "$_tier" ] || return 0
  _active=
  _total=0
  _n=0
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_t=\$LINK_${_i}_TIER _w=\$LINK_${_i}_WEIGHT"
    if [ "$_t" -eq "$_tier" ] && in_list "$_i" "$1"; then
      _active="$_active $_i"
      _total=$((_total + _w))
      _n=$((_n + 1))
    fi
    _i=$((_i + 1))
  done
  _k=0
  _sum=0
  for _i in $_active; do
    eval "_w=\$LINK_${_i}_WEIGHT"
    eval "_pc_$_k=$((POOL_SIZE * _w / _total)) _pr_$_k=$((POOL_SIZE * _w % _total)) _pb_$_k=0"
    _sum=$((_sum + POOL_SIZE * _w / _total))
    _k=$((_k + 1))
  done
  _left=$((POOL_SIZE - _sum))
  while [ "$_left" -gt 0 ]; do
    _best=-1
    _bestr=-1
    _k=0
    while [ "$_k" -lt "$_n" ]; do
      eval "_r=\$_pr_$_k _b=\$_pb_$_k"
      if [ "$_b" -eq 0 ] && [ "$_r" -gt "$_bestr" ]; then
        _best=$_k
        _bestr=$_r
      fi
      _k=$((_k + 1))
    done
    [ "$_best" -ge 0 ] || break
    eval "_pc_$_best=\$((_pc_$_best + 1)) _pb_$_best=1"
    _left=$((_left - 1))
  done
  _k=0
  while [ "$_k" -lt "$_n" ]; do
    eval "_c=\$_pc_$_k"
    if [ "$_c" -eq 0 ]; then
      _donor=0
      _max=-1
      _j=0
      while [ "$_j" -lt "$_n" ]; do
        eval "_x=\$_pc_$_j"
        if [ "$_x" -gt "$_max" ]; then
          _max=$_x
          _donor=$_j
        fi
        _j=$((_j + 1))
      done
      eval "_pc_$_donor=$((_max - 1)) _pc_$_k=1"
    fi
    _k=$((_k + 1))
  done
  _from=0
  _k=0
  for _i in $_active; do
    eval "_c=\$_pc_$_k"
    pool="$pool $_i:$_from:$((_from + _c - 1))"
    _from=$((_from + _c))
    _k=$((_k + 1))
  done
  pool=${pool# }
}

# pool_members "POOL" -> link indexes in the pool, in $_members
pool_members() {
  _members=
  for _r in $1; do _members="$_members ${_r%%:*}"; done
  _members=${_members# }
}

# pool_summary "POOL" -> "i:from-to,..." or "-" in $_summary
pool_summary() {
  _summary=
  for _r in $1; do
    _i=${_r%%:*}
    _rest=${_r#*:}
    _summary="$_summary,$_i:${_rest%%:*}-${_rest#*:}"
  done
  _summary=${_summary#,}
  [ -n "$_summary" ] || _summary=-
}

hexof() {
  _hex=$(printf '0x%x' "$(($1))")
}

# ------------------------------------------------------------------------------------------- state updates

# render_update "LIVE": what nft-state.ts / iptables-pool.ts render for these live links, on stdout.
render_update() {
  compute_pool "$1"
  if [ "$FLAVOUR" = nftables ]; then
    render_nft "$1"
  else
    render_iptables "$1"
  fi
}

render_nft() {
  printf 'flush map %s %s\n' "$NFT_TABLE" "$POOL_MAP"
  if [ -n "$pool" ]; then
    _el=
    for _r in $pool; do
      _i=${_r%%:*}
      _rest=${_r#*:}
      _f=${_rest%%:*}
      _t=${_rest#*:}
      eval "hexof \$LINK_${_i}_MARK"
      if [ "$_f" = "$_t" ]; then _el="$_el, $_f : $_hex"; else _el="$_el, $_f-$_t : $_hex"; fi
    done
    printf 'add element %s %s { %s }\n' "$NFT_TABLE" "$POOL_MAP" "${_el#, }"
  fi
  printf 'flush set %s %s\n' "$NFT_TABLE" "$LINKS_UP_SET"
  _up=
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    if in_list "$_i" "$1"; then
      eval "hexof \$LINK_${_i}_MARK"
      _up="$_up, $_hex"
    fi
    _i=$((_i + 1))
  done
  [ -z "$_up" ] || printf 'add element %s %s { %s }\n' "$NFT_TABLE" "$LINKS_UP_SET" "${_up#, }"
}

render_iptables() {
  hexof "$MARK_MASK"
  _mask=$_hex
  printf '*mangle\n:%s - [0:0]\n' "$IPT_POOL_CHAIN"
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    printf ':%s%s - [0:0]\n' "$IPT_UP_CHAIN_PREFIX" "$_i"
    _i=$((_i + 1))
  done
  if [ "$METHOD" = per-connection ]; then
    # An mwan3-style cascade: p = this link's buckets / buckets not handed out yet, printed as JS toFixed(11)
    # does (round half up; with at most 100 buckets no value lies near a tie, so integers give the same digits).
    _remaining=0
    _count=0
    for _r in $pool; do
      _rest=${_r#*:}
      _remaining=$((_remaining + ${_rest#*:} - ${_rest%%:*} + 1))
      _count=$((_count + 1))
    done
    _k=0
    for _r in $pool; do
      _i=${_r%%:*}
      _rest=${_r#*:}
      _size=$((${_rest#*:} - ${_rest%%:*} + 1))
      _k=$((_k + 1))
      if [ "$_k" -eq "$_count" ]; then
        _prob=
      else
        _q=$(((_size * 200000000000 + _remaining) / (2 * _remaining)))
        _digits=00000000000$_q
        while [ "${#_digits}" -gt 11 ]; do _digits=${_digits#0}; done
        _prob=" -m statistic --mode random --probability 0.$_digits"
      fi
      _remaining=$((_remaining - _size))
      printf -- '-A %s -m mark --mark 0x0/%s%s -j %s%s\n' "$IPT_POOL_CHAIN" "$_mask" "$_prob" "$IPT_TO_CHAIN_PREFIX" "$_i"
    done
  else
    # Sticky: each range as aligned power-of-two blocks of HMARK's bucket, matched as --mark value/mask.
    for _r in $pool; do
      _i=${_r%%:*}
      _rest=${_r#*:}
      _start=${_rest%%:*}
      _to=${_rest#*:}
      while [ "$_start" -le "$_to" ]; do
        _size=1
        while [ $((_start % (_size * 2))) -eq 0 ] && [ $((_start + _size * 2 - 1)) -le "$_to" ]; do _size=$((_size * 2)); done
        printf -- '-A %s -m mark --mark 0x%x/0x%x -j %s%s\n' "$IPT_POOL_CHAIN" "$_start" $((4294967295 - (_size - 1))) "$IPT_TO_CHAIN_PREFIX" "$_i"
        _start=$((_start + _size))
      done
    done
  fi
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    if in_list "$_i" "$1"; then printf -- '-A %s%s -j %s%s\n' "$IPT_UP_CHAIN_PREFIX" "$_i" "$IPT_TO_CHAIN_PREFIX" "$_i"; fi
    _i=$((_i + 1))
  done
  printf 'COMMIT\n'
}

# apply_update "LIVE": one transaction; sets apply_status.
apply_update() {
  if [ "$FLAVOUR" = nftables ]; then
    _err=$(render_update "$1" | nft -f - 2>&1)
  else
    _err=$(render_update "$1" | iptables-restore -w --noflush 2>&1)
  fi
  _rc=$?
  if [ "$_rc" -eq 0 ]; then
    [ "$apply_status" = ok ] || log notice "state update applied again"
    apply_status=ok
    return 0
  fi
  [ "$apply_status" = failed ] || log err "state update failed ($FLAVOUR, exit $_rc): $_err"
  apply_status=failed
  return 1
}

# ----------------------------------------------------------------------------------------------------- probes

# rtt_us TEXT: ping's "time=" value (0.045, 1.23, 12.3 or 123 ms) in µs, in $_rtt; 0 when it is not a number.
rtt_us() {
  case $1 in
    *.*) _int=${1%%.*} _frac=${1#*.} ;;
    *) _int=$1 _frac= ;;
  esac
  _frac=${_frac}000
  _frac=${_frac%"${_frac#???}"}
  if is_uint "$_int" && is_uint "$_frac"; then _rtt=$((_int * 1000 + 1$_frac - 1000)); else _rtt=0; fi
}

# relay_ping: reads one pinger's output on stdin until it ends and reports every probe ONCE on fd 4 as
# "o <link> <target> <epoch ms> <1|0> <rtt µs|->". Lines (ping -D -O, LC_ALL=C):
#   [1700000000.123456] 64 bytes from 192.0.2.10: icmp_seq=7 ttl=63 time=0.045 ms   answered (lost if > timeout)
#   [1700000000.423456] no answer yet for icmp_seq=8                                 lost (printed at the next send)
# Anything else is ignored: the header, stderr ("sendmsg: Network is unreachable": an "no answer yet" follows),
# ICMP errors ("From … icmp_seq=8 Destination Host Unreachable": likewise), duplicates, and an answer that comes
# after its "no answer yet". Sequence numbers are 16 bits and wrap.
relay_ping() {
  # With -l 2 the first two probes leave together and the first is reported missing before its answer is read.
  _last=1
  while read -r _ts _w2 _w3 _w4 _w5 _w6 _w7 _w8 _rest; do
    case $_w2 in
      no) _ok=0 _rtt=- ;;
      [0-9]*)
        case $_rest in *DUP*) continue ;; esac
        case $_w8 in
          time=*)
            rtt_us "${_w8#time=}"
            if [ "$_rtt" -le "$_tus" ]; then _ok=1; else _ok=0 _rtt=-; fi
            ;;
          *) _ok=1 _rtt=0 ;;
        esac
        ;;
      *) continue ;;
    esac
    _seq=${_w6#icmp_seq=}
    _t=${_ts#[}
    _t=${_t%]}
    _us=${_t#*.}
    _t=${_t%.*}
    is_uint "$_seq" && is_uint "$_t" && is_uint "$_us" && [ "${#_us}" = 6 ] || continue
    _d=$(((_seq - _last) & 65535))
    [ "$_d" -ge 1 ] && [ "$_d" -lt 32768 ] || continue
    _at=$((_t * 1000 + (1$_us - 1000000) / 1000))
    # A probe ping never reported (not seen happening) still counts: as lost, at most a few.
    while [ "$_d" -gt 1 ] && [ "$_d" -le 8 ]; do
      printf 'o %s %s %s 0 -\n' "$_li" "$_tj" "$_at" >&4 || return 1
      _d=$((_d - 1))
    done
    printf 'o %s %s %s %s %s\n' "$_li" "$_tj" "$_at" "$_ok" "$_rtt" >&4 || return 1
    _last=$_seq
    kill -0 "$main_pid" 2>/dev/null || return 1
  done
  return 0
}

stop_pinger() {
  [ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null
  if [ -n "$ping_pid" ]; then
    kill "$ping_pid" 2>/dev/null
    wait "$ping_pid" 2>/dev/null
  fi
}

# icmp_prober LINK TARGET_INDEX TARGET: one long-lived ping through the link (its mark) to one target, no fork
# per probe. A ping that ends (it cannot start while the link's table has no route: "connect: Network is
# unreachable", or it was killed) is one lost probe, and is started again after one interval.
icmp_prober() {
  _li=$1
  _tj=$2
  _target=$3
  exec 3<&- 4>"$fifo"
  ping_pid=
  trap 'stop_pinger; exit 0' TERM INT HUP
  eval "_interval=\$LINK_${_li}_PROBE_INTERVAL_MS _tus=\$((LINK_${_li}_PROBE_TIMEOUT_MS * 1000)) _mark=\$((LINK_${_li}_MARK))"
  ms_to_s "$_interval"
  _isec=$_secs
  _pf=$RUN_DIR/monitor.$main_pid.$_li.$_tj.fifo
  while :; do
    LC_ALL=C ping -n -D -O -l 2 -i "$_isec" -m "$_mark" "$_target" >"$_pf" 2>&1 &
    ping_pid=$!
    relay_ping <"$_pf" || {
      stop_pinger
      exit 0
    }
    wait "$ping_pid" 2>/dev/null
    ping_pid=
    now_ms
    printf 'o %s %s %s 0 -\n' "$_li" "$_tj" "$_now" >&4 || exit 0
    kill -0 "$main_pid" 2>/dev/null || exit 0
    sleep_ms "$_interval"
  done
}

# tcp_prober LINK TARGET_INDEX TARGET: a TCP connect every interval through the link, `socat -u /dev/null
# TCP:<target>:<port>,connect-timeout=<s>,setsockopt-listen=1:36:<mark>` (SOL_SOCKET, SO_MARK: socat 1.7.4 has no
# so-mark, and its setsockopt-int is applied after connect, so the SYN would leave unmarked; setsockopt-listen is
# applied before bind, also on connecting sockets). A refused connection is a lost probe. Four forks per probe
# (date, socat, date, sleep); rtt is the connect time measured around socat, so it includes socat's start-up.
tcp_prober() {
  _li=$1
  _tj=$2
  _target=$3
  exec 3<&- 4>"$fifo"
  trap '[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null; exit 0' TERM INT HUP
  eval "_port=\$LINK_${_li}_PROBE_PORT _interval=\$LINK_${_li}_PROBE_INTERVAL_MS _mark=\$((LINK_${_li}_MARK))"
  eval "ms_to_s \$LINK_${_li}_PROBE_TIMEOUT_MS"
  _tsec=$_secs
  now_ms
  _next=$_now
  while :; do
    now_ms
    _t0=$_now
    if socat -T"$_tsec" -u /dev/null "TCP:$_target:$_port,connect-timeout=$_tsec,setsockopt-listen=1:36:$_mark" 2>/dev/null; then
      now_ms
      _ok="1 $(((_now - _t0) * 1000))"
    else
      now_ms
      _ok="0 -"
    fi
    printf 'o %s %s %s %s\n' "$_li" "$_tj" "$_now" "$_ok" >&4 || exit 0
    kill -0 "$main_pid" 2>/dev/null || exit 0
    _next=$((_next + _interval))
    # Late (a slow probe) or the clock stepped: start again from now rather than bunch up or sleep for ages.
    if [ "$_next" -le "$_now" ] || [ $((_next - _now)) -gt "$_interval" ]; then _next=$_now; fi
    sleep_ms $((_next - _now))
  done
}

# ticker: "t <epoch ms>" every TICK_MS: periodic state file, retry of a failed apply, liveness checks.
ticker() {
  exec 3<&- 4>"$fifo"
  trap '[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null; exit 0' TERM INT HUP
  while :; do
    sleep_ms "$TICK_MS"
    now_ms
    printf 't %s\n' "$_now" >&4 || exit 0
    kill -0 "$main_pid" 2>/dev/null || exit 0
  done
}

# ---------------------------------------------------------------------------------------------- coordinator

live_links() {
  _live=
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_s=\$st_$_i"
    [ "$_s" = down ] || _live="$_live $_i"
    _i=$((_i + 1))
  done
  _live=${_live# }
}

write_state() {
  pool_summary "$current_pool"
  _tmp=$STATE_FILE.tmp.$$
  {
    printf 'monitor pid=%s started=%s config=%s updated=%s format=1 flavour=%s conntrack=%s apply=%s pool=%s%s\n' \
      "$main_pid" "$started" "$config_id" "$1" "$FLAVOUR" "$conntrack_status" "$apply_status" "$_summary" "${2:-}"
    _i=0
    while [ "$_i" -lt "$LINK_COUNT" ]; do
      eval "printf 'link %s %s %s since=%s rtt_ms=%s loss=%s fails=%s passes=%s\n' \"\$_i\" \"\$LINK_${_i}_NAME\" \
        \"\$st_$_i\" \"\$since_$_i\" \"\$rtt_$_i\" \"\$loss_$_i\" \"\$fails_$_i\" \"\$passes_$_i\""
      _i=$((_i + 1))
    done
  } >"$_tmp" && mv -f "$_tmp" "$STATE_FILE"
}

flush_link() {
  eval "_name=\$LINK_${1}_NAME _fmark=\$LINK_${1}_MARK"
  if [ "$conntrack_status" != ok ]; then
    log warning "conntrack is missing: flows of $_name ($2) are kept"
    return 0
  fi
  hexof "$_fmark"
  _fm=$_hex
  hexof "$MARK_MASK"
  # -D prints the deleted flows on stdout and a count on stderr; "0 flow entries" exits non-zero: ignored.
  _out=$("$CONNTRACK_CMD" -D -m "$_fm/$_hex" 2>&1 >/dev/null)
  case $_out in
    *'flow entries'*) _out=${_out##*: } ;;
  esac
  log notice "flushed flows of $_name ($2, mark $_fm/$_hex): $_out"
}

# A link changed state: rewrite the pool, then move the flows that have to move.
on_change() {
  live_links
  _old_pool=$current_pool
  compute_pool "$_live"
  current_pool=$pool
  pool_summary "$current_pool"
  log notice "live links: ${_live:-none}; pool $_summary"
  if ! apply_update "$_live"; then dirty=1; else dirty=0; fi
  pool_members "$_old_pool"
  _old_members=$_members
  pool_members "$current_pool"
  _new_members=$_members
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_s=\$st_$_i _fo=\$LINK_${_i}_ON_FAILOVER _fb=\$LINK_${_i}_ON_FAILBACK _pend=\$pend_$_i"
    if [ "$_s" = down ]; then
      if [ "$_pend" = 1 ]; then
        if [ -n "$_new_members" ]; then
          eval "pend_$_i=0"
          flush_link "$_i" "failover"
        fi
      fi
    elif [ "$_fb" = flush ] && in_list "$_i" "$_old_members" && ! in_list "$_i" "$_new_members"; then
      flush_link "$_i" "failback: a lower tier is back"
    fi
    _i=$((_i + 1))
  done
}

# on_outcome LINK TARGET AT OK RTT: one probe's result. The targets' probers run at the link's interval from the
# same start, so the k-th results of a link's targets form its round k, judged once every target has one waiting.
# A target whose prober falls QUEUE_MAX results behind the others (stalled) counts as lost for those rounds.
on_outcome() {
  eval "q_$1_$2=\"\${q_$1_$2} $4:$5\" qn_$1_$2=\$((qn_$1_$2 + 1)) _n=\$nt_$1"
  _lag=0
  _ready=1
  _j=0
  while [ "$_j" -lt "$_n" ]; do
    eval "_c=\$qn_$1_$_j"
    [ "$_c" -gt 0 ] || _ready=0
    [ "$_c" -le "$_lag" ] || _lag=$_c
    _j=$((_j + 1))
  done
  [ "$_ready" = 1 ] || [ "$_lag" -ge "$QUEUE_MAX" ] || return 0
  _ans=0
  _rs=0
  _j=0
  while [ "$_j" -lt "$_n" ]; do
    eval "_q=\$q_$1_$_j _c=\$qn_$1_$_j"
    if [ "$_c" -gt 0 ]; then
      _q=${_q# }
      _w=${_q%% *}
      case $_q in *' '*) _q=${_q#* } ;; *) _q= ;; esac
      eval "q_$1_$_j=\$_q qn_$1_$_j=$((_c - 1))"
      case $_w in 1:*) _ans=$((_ans + 1)) _rs=$((_rs + ${_w#1:})) ;; esac
    fi
    _j=$((_j + 1))
  done
  if [ "$_ans" -gt 0 ]; then _avg=$((_rs / _ans)); else _avg=-; fi
  on_round "$1" "$3" "$_ans" "$_n" "$_avg"
}

# record LOST:SENT: one entry into the link's record ($_cw, LOSS_WINDOW entries, sums $_cl lost and $_cs sent): its
# passing rounds, and the runs of failed rounds that ended without taking it down (see the header).
record() {
  _cw="$_cw $1"
  _cl=$((_cl + ${1%%:*}))
  _cs=$((_cs + ${1#*:}))
  _cwn=$((_cwn + 1))
  if [ "$_cwn" -gt "$LOSS_WINDOW" ]; then
    _cw=${_cw# }
    _w=${_cw%% *}
    _cw=${_cw#* }
    _cl=$((_cl - ${_w%%:*}))
    _cs=$((_cs - ${_w#*:}))
    _cwn=$LOSS_WINDOW
  fi
}

# on_round LINK AT ANSWERED SENT AVG_RTT_US: hysteresis (see the header), then the state file when it has news.
on_round() {
  _i=$1
  _at=$2
  _ans=$3
  _sent=$4
  _avg=$5
  eval "_s=\$st_$_i _f=\$fails_$_i _p=\$passes_$_i _win=\$win_$_i _winn=\$winn_$_i _wl=\$wl_$_i _wa=\$wa_$_i"
  eval "_cw=\$cw_$_i _cwn=\$cwn_$_i _cl=\$cl_$_i _cs=\$cs_$_i _rl=\$rl_$_i _rs=\$rs_$_i"
  eval "_min=\$LINK_${_i}_PROBE_MIN_ANSWERING _down=\$LINK_${_i}_PROBE_DOWN_COUNT _up=\$LINK_${_i}_PROBE_UP_COUNT"
  eval "_name=\$LINK_${_i}_NAME _fo=\$LINK_${_i}_ON_FAILOVER"
  if [ "$_avg" = - ]; then
    _rtt=-
  else
    pad3 $((_avg % 1000))
    _rtt=$((_avg / 1000)).$_pad
  fi
  # Loss over the last LOSS_WINDOW rounds ("lost:sent" words, with running sums), in whole percent of probes sent.
  _win="$_win $((_sent - _ans)):$_sent"
  _wl=$((_wl + _sent - _ans))
  _wa=$((_wa + _sent))
  _winn=$((_winn + 1))
  if [ "$_winn" -gt "$LOSS_WINDOW" ]; then
    _win=${_win# }
    _w=${_win%% *}
    _win=${_win#* }
    _wl=$((_wl - ${_w%%:*}))
    _wa=$((_wa - ${_w#*:}))
    _winn=$LOSS_WINDOW
  fi
  if [ "$_wa" -gt 0 ]; then _loss=$(((_wl * 100 + _wa / 2) / _wa)); else _loss=0; fi
  _changed=0
  _news=0
  _clean=0
  if [ "$_ans" -ge "$_min" ]; then
    _p=$((_p + 1))
    [ "$_f" = 0 ] || _news=1
    _f=0
    # A run of failed rounds that did not take the link down was loss, and joins its record.
    if [ "$_rs" -gt 0 ]; then
      record "$_rl:$_rs"
      _rl=0
      _rs=0
    fi
    record "$((_sent - _ans)):$_sent"
    if [ "$_s" = down ]; then
      _news=1
      if [ "$_p" -ge "$_up" ]; then
        _s=up
        _changed=1
      fi
    fi
  else
    _f=$((_f + 1))
    _p=0
    if [ "$_s" = up ]; then
      _news=1
      _rl=$((_rl + _sent - _ans))
      _rs=$((_rs + _sent))
      if [ $((_cl * 100)) -lt $((CLEAN_LOSS * _cs)) ] || [ "$_cs" = 0 ]; then _clean=1; fi
      if [ "$_f" -ge "$_down" ] || { [ "$_clean" = 1 ] && [ "$_f" -ge $((_down - 1)) ]; }; then
        _s=down
        _changed=1
        # The run that took the link down was an outage, not loss.
        _rl=0
        _rs=0
      fi
    fi
  fi
  eval "st_$_i=\$_s fails_$_i=\$_f passes_$_i=\$_p win_$_i=\$_win winn_$_i=\$_winn wl_$_i=\$_wl wa_$_i=\$_wa rtt_$_i=\$_rtt loss_$_i=\$_loss"
  eval "cw_$_i=\$_cw cwn_$_i=\$_cwn cl_$_i=\$_cl cs_$_i=\$_cs rl_$_i=\$_rl rs_$_i=\$_rs last_$_i=\$_at"
  if [ "$_changed" = 1 ]; then
    eval "since_$_i=\$_at"
    if [ "$_s" = down ]; then
      if [ "$_clean" = 1 ]; then _why="after a clean record"; else _why="after losing probes before"; fi
      log warning "link $_name is DOWN: $_f failed rounds in a row $_why ($_ans/$_sent answered, $_min needed)"
      # Flushed by on_change once the pool is rewritten (or as soon as some link is live again).
      if [ "$_fo" = flush ]; then eval "pend_$_i=1"; fi
    else
      log notice "link $_name is UP: $_p passing rounds in a row"
      eval "pend_$_i=0"
    fi
    on_change
  fi
  # Steady rounds (passing while up, failing while down) wait for the ticker's rewrite: an mv per round would cost
  # more than the probes. The first seconds are written round by round for the push's health gate.
  if [ "$_news" = 1 ] || [ $((_at - started)) -lt "$EARLY_MS" ]; then write_state "$_at"; fi
}

on_tick() {
  if [ "$dirty" = 1 ]; then
    live_links
    if apply_update "$_live"; then dirty=0; fi
  fi
  for _c in $children; do
    kill -0 "$_c" 2>/dev/null || fail_stop "$1" "a prober ($_c) died"
  done
  # A link without rounds would keep its last verdict for ever (say its pingers were stopped): start afresh.
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_l=\$last_$_i _iv=\$LINK_${_i}_PROBE_INTERVAL_MS _tm=\$LINK_${_i}_PROBE_TIMEOUT_MS _name=\$LINK_${_i}_NAME"
    [ $(($1 - _l)) -le $((STALL_ROUNDS * (_iv + _tm) + TICK_MS)) ] || fail_stop "$1" "no probe round of $_name for $(($1 - _l)) ms"
    _i=$((_i + 1))
  done
  write_state "$1"
}

# fail_stop NOW WHY: ends the monitor with exit 1 so that systemd or the supervisor starts it again.
fail_stop() {
  log err "$2; stopping so that systemd or the supervisor restarts the monitor"
  stop_children
  write_state "$1" " stopped=$1"
  release_lock "$lock_file"
  exit 1
}

# TERM to the probers and the ticker, then wait for them: an ICMP prober ends its ping and waits for it, a TCP
# prober in the middle of a probe exits when socat returns (within the probe timeout), so no probe outlives the
# monitor.
stop_children() {
  # CONT as well: a stopped prober (say a stall, see on_tick) would otherwise never act on the TERM.
  for _c in $children; do kill -TERM "$_c" 2>/dev/null && kill -CONT "$_c" 2>/dev/null; done
  for _c in $children; do wait "$_c" 2>/dev/null; done
  children=
  exec 3<&-
  rm -f "$fifo" "$RUN_DIR/monitor.$main_pid".*.fifo
}

# Refuses to start with tools that would fail every probe (and so take every link down): a ping that is not
# iputils (busybox's has no -m, -D or -O), an iputils older than s20121221 (no -O), no socat for TCP probes.
# Without a conntrack command the monitor runs but never flushes.
check_tools() {
  _need_icmp=0
  _need_tcp=0
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_type=\$LINK_${_i}_PROBE_TYPE"
    if [ "$_type" = icmp ]; then _need_icmp=1; else _need_tcp=1; fi
    _i=$((_i + 1))
  done
  if [ "$_need_icmp" = 1 ]; then
    _pv=$(ping -V 2>&1)
    case $_pv in
      *iputils*) ;;
      *)
        release_lock "$lock_file"
        die 1 "ICMP probes need ping from iputils (ping -m sets the link's mark); not starting"
        ;;
    esac
    # "ping from iputils 20221126", "ping utility, iputils-s20121221": the first 8 digits after "iputils".
    _pv=${_pv#*iputils}
    _pv=${_pv#"${_pv%%[0-9]*}"}
    _pv=${_pv%%[!0-9]*}
    if [ "${#_pv}" = 8 ] && [ "$_pv" -lt 20121221 ]; then
      release_lock "$lock_file"
      die 1 "ICMP probes need iputils s20121221 or later (ping -O); this ping is $_pv; not starting"
    fi
  fi
  # Server pools' backend checks (pool-checks.sh): TCP and HTTP through socat, ICMP through any ping.
  _p=0
  while [ "$_p" -lt "${POOL_COUNT:-0}" ]; do
    eval "_type=\${POOL_${_p}_PROBE%% *}"
    if [ "$_type" = icmp ]; then
      command -v ping >/dev/null 2>&1 || {
        release_lock "$lock_file"
        die 1 "pool backend checks need ping; not starting"
      }
    else
      _need_tcp=1
    fi
    _p=$((_p + 1))
  done
  if [ "$_need_tcp" = 1 ] && ! command -v socat >/dev/null 2>&1; then
    release_lock "$lock_file"
    die 1 "TCP probes and pool checks need socat; not starting"
  fi
  if command -v "$CONNTRACK_CMD" >/dev/null 2>&1; then
    conntrack_status=ok
  else
    conntrack_status=missing
    log warning "no conntrack command ($CONNTRACK_CMD): flows will not be flushed on failover or failback"
  fi
}

release_lock() {
  _held=$(cat "$1" 2>/dev/null) || return 0
  [ "$_held" != "$main_pid" ] || rm -f "$1"
}

# take_lock FILE WHAT: single instance; a live pid in FILE (other than ours: HUP re-executes in place) refuses.
take_lock() {
  mkdir -p "$RUN_DIR" || die 1 "cannot create $RUN_DIR"
  _tries=0
  while :; do
    if (
      set -C
      printf '%s\n' "$main_pid" >"$1"
    ) 2>/dev/null; then return 0; fi
    _held=$(cat "$1" 2>/dev/null)
    if [ "$_held" = "$main_pid" ]; then return 0; fi
    if is_uint "$_held" && kill -0 "$_held" 2>/dev/null; then die 3 "$2 already running (pid $_held, $1)"; fi
    _tries=$((_tries + 1))
    [ "$_tries" -le 3 ] || die 3 "cannot take $1"
    rm -f "$1"
  done
}

shutdown() {
  trap '' TERM INT HUP
  stop_children
  now_ms
  write_state "$_now" " stopped=$_now"
  release_lock "$lock_file"
  log notice "stopped"
  exit 0
}

reload() {
  trap '' TERM INT HUP
  log notice "HUP: re-reading $CONFIG_PATH"
  stop_children
  trap - TERM INT HUP
  exec /bin/sh "$script" "$CONFIG_PATH"
}

run_monitor() {
  lock_file=$RUN_DIR/monitor.pid
  take_lock "$lock_file" "the monitor"
  rm -f "$RUN_DIR"/monitor.*.fifo
  fifo=$RUN_DIR/monitor.$main_pid.fifo
  children=
  check_tools
  config_id
  case $(dirname -- "$STATE_FILE") in
    .) ;;
    *) mkdir -p "$(dirname -- "$STATE_FILE")" ;;
  esac
  now_ms
  started=$_now
  apply_status=ok
  dirty=0
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    # Initial state: up, as the pushed ruleset assumes (see the header).
    eval "st_$_i=up since_$_i=$started fails_$_i=0 passes_$_i=0 rtt_$_i=- loss_$_i=0 win_$_i= winn_$_i=0 pend_$_i=0"
    # No record yet counts as clean: a link dead from the start is taken down as soon as a clean one would be.
    eval "wl_$_i=0 wa_$_i=0 cw_$_i= cwn_$_i=0 cl_$_i=0 cs_$_i=0 rl_$_i=0 rs_$_i=0 last_$_i=$started"
    _i=$((_i + 1))
  done
  live_links
  compute_pool "$_live"
  current_pool=$pool
  trap shutdown TERM INT
  trap reload HUP
  if ! apply_update "$_live"; then dirty=1; fi
  write_state "$started"
  log notice "started: $LINK_COUNT links, $FLAVOUR, $METHOD, config $config_id (all links assumed up)"

  # One FIFO the coordinator reads, one per pinger (its relay reads it; ping's exit is its end of file).
  set -- "$fifo"
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_type=\$LINK_${_i}_PROBE_TYPE _targets=\$LINK_${_i}_PROBE_TARGETS"
    _j=0
    for _t in $_targets; do
      [ "$_type" = tcp ] || set -- "$@" "$RUN_DIR/monitor.$main_pid.$_i.$_j.fifo"
      eval "q_${_i}_$_j= qn_${_i}_$_j=0"
      _j=$((_j + 1))
    done
    eval "nt_$_i=$_j"
    _i=$((_i + 1))
  done
  rm -f "$@"
  mkfifo -m 600 "$@" || die 1 "cannot create the FIFOs in $RUN_DIR"
  exec 3<>"$fifo"
  _i=0
  while [ "$_i" -lt "$LINK_COUNT" ]; do
    eval "_type=\$LINK_${_i}_PROBE_TYPE _targets=\$LINK_${_i}_PROBE_TARGETS"
    _j=0
    for _t in $_targets; do
      "${_type}_prober" "$_i" "$_j" "$_t" &
      children="$children $!"
      _j=$((_j + 1))
    done
    _i=$((_i + 1))
  done
  ticker &
  children="$children $!"
  # Server pools: their backends' checks and map updates run beside the probers, with the monitor's lifetime
  # (pool-checks.sh, installed beside this script; a checker that dies stops the monitor like a prober would).
  if [ "${POOL_COUNT:-0}" -gt 0 ]; then
    /bin/sh "${script%/*}/pool-checks.sh" "$CONFIG_PATH" "$main_pid" 3<&- &
    children="$children $!"
  fi

  while :; do
    if read -r _kind _a _b _c _d _e <&3; then
      case $_kind in
        o) on_outcome "$_a" "$_b" "$_c" "$_d" "$_e" ;;
        t) on_tick "$_a" ;;
      esac
    else
      # Only a signal interrupts this read (its trap exits or re-executes); never spin if the FIFO breaks.
      sleep_ms 100
    fi
  done
}

# ------------------------------------------------------------------------------------------------ supervisor

run_supervisor() {
  lock_file=$RUN_DIR/monitor-supervisor.pid
  take_lock "$lock_file" "the supervisor"
  child=
  stopping=0
  trap 'stopping=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null; [ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null' TERM INT HUP
  backoff=1
  log notice "supervising $script $CONFIG_PATH"
  while [ "$stopping" = 0 ]; do
    now_ms
    _began=$_now
    /bin/sh "$script" "$CONFIG_PATH" &
    child=$!
    # wait returns early when a trapped signal arrives: wait again until the child is really gone.
    while :; do
      wait "$child"
      _rc=$?
      kill -0 "$child" 2>/dev/null || break
    done
    child=
    [ "$stopping" = 0 ] || break
    now_ms
    if [ $((_now - _began)) -ge 60000 ]; then backoff=1; fi
    log warning "monitor exited (status $_rc); restarting in ${backoff}s"
    sleep_ms $((backoff * 1000))
    backoff=$((backoff * 2))
    if [ "$backoff" -gt "$SUPERVISE_MAX_BACKOFF" ]; then backoff=$SUPERVISE_MAX_BACKOFF; fi
  done
  release_lock "$lock_file"
  log notice "supervisor stopped"
  exit 0
}

# ----------------------------------------------------------------------------------------------------- main

case $0 in
  /*) script=$0 ;;
  *) script=$(pwd)/$0 ;;
esac
main_pid=$$
load_config

case $mode in
  print-update)
    render_update "$live_arg"
    ;;
  print-pool)
    compute_pool "$live_arg"
    pool_summary "$pool"
    printf '%s\n' "$_summary"
    ;;
  supervise) run_supervisor ;;
  run) run_monitor ;;
esac
