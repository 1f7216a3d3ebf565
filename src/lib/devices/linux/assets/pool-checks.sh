#!/bin/sh
# shellcheck disable=SC2154 # per-backend values are read with eval from POOL_<p>_* and v_<p>_<b> names
# waymark-pool-checks: the health checks of server pool backends, started by monitor.sh (same directory) when
# monitor.conf has POOL_COUNT > 0, and ended with it (its TERM, or its pid gone). POSIX sh, standard tools only:
# socat (TCP and HTTP checks), ping (ICMP), nft, date, sleep, mkfifo.
#
# Usage: pool-checks.sh CONFIG MONITOR_PID          (or --print-map, below)
#   CONFIG is monitor.conf (format 1, checked by the monitor before it starts this; checked again here). Pool keys
#   are documented in src/lib/domain/compile/linux/monitor-config.ts.
#
# Behaviour
#   - One checker per backend (drained and disabled ones too: their health is shown), each on its own schedule, so
#     a slow backend never delays another: every interval `socat` connects (tcp), or asks GET <path> with HTTP/1.0
#     and reads the status line (http: the status must equal the expected one), or one `ping -c 1` (icmp), each
#     bounded by the pool's timeout (ping's -W in whole seconds, rounded up: iputils before 2020 refuse fractions).
#     A check that overruns its interval starts the next one at once.
#   - Verdicts: every backend starts up (as the pushed map assumes); DOWN consecutive failed checks take it down,
#     UP consecutive answered ones bring it back.
#   - On a verdict change of an active backend its pool's map is rewritten in one `nft -f` transaction (flush map,
#     add element): each bucket goes to the first backend of its POOL_p_BUCKETS word that is up; none up → the
#     bucket has no element (the ruleset then resets the connection). Established connections keep their backend
#     (NAT is decided on a connection's first packet). A failed apply is retried with the next check result.
#   - State file $RUN_DIR/pools.state, rewritten (temp file + mv) on every change and at most once a second
#     otherwise. A header line, then one line per backend; readers ignore keys they do not know:
#       pools pid=<pid> started=<epoch ms> updated=<epoch ms> format=1 apply=<ok|failed> [stopped=<epoch ms>]
#       backend <pool index> <backend index> <pool> <backend> <up|down> since=<epoch ms> fails=<n> passes=<n>
#
# Environment (tests): WAYMARK_RUN_DIR (default /run/waymark), WAYMARK_POOL_STATE_FILE, WAYMARK_MONITOR_LOG=stderr.
# Exit codes: 0 stopped (TERM, or the monitor is gone), 2 bad config.

set -u

# Dry run (tests): pool-checks.sh --print-map POOL "UP BACKEND INDEXES" CONFIG prints the map update for those
# verdicts and exits; nothing is checked or applied.
mode=run
if [ "${1:-}" = --print-map ]; then
  mode=print-map print_pool=${2:?} print_up=${3?}
  shift 3
  set -- "${1:?usage: pool-checks.sh --print-map POOL UP CONFIG}" 0
fi
CONFIG_PATH=${1:?usage: pool-checks.sh CONFIG MONITOR_PID}
MONITOR_PID=${2:?usage: pool-checks.sh CONFIG MONITOR_PID}
RUN_DIR=${WAYMARK_RUN_DIR:-/run/waymark}
STATE=${WAYMARK_POOL_STATE_FILE:-$RUN_DIR/pools.state}
PROG=waymark-pool-checks
cr=$(printf '\r')

log() {
  _pri=$1
  shift
  if [ "${WAYMARK_MONITOR_LOG:-syslog}" = stderr ] || ! command -v logger >/dev/null 2>&1; then
    printf '%s: %s\n' "$PROG" "$*" >&2
  else
    logger -t "$PROG" -p "daemon.$_pri" -- "$*"
  fi
}

bad_config() {
  log err "config $CONFIG_PATH: $*"
  exit 2
}

is_uint() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
}

now_ms() {
  _now=$(date +%s%3N)
  case $_now in *N) _now=$(($(date +%s) * 1000)) ;; esac
}

# ms_to_s MS -> "S.mmm" in $_secs
ms_to_s() {
  _ms=$(($1 % 1000 + 1000))
  _secs=$(($1 / 1000)).${_ms#1}
}

load() {
  # Only comments and KEY='safe value' lines, as the monitor checks, before sourcing.
  if grep -v -e '^#' -e '^$' -e "^[A-Z][A-Z0-9_]*='[-A-Za-z0-9 ._:/,~]*'\$" "$CONFIG_PATH" | grep -q .; then
    bad_config "a line is not KEY='safe value'"
  fi
  # shellcheck disable=SC1090
  . "$CONFIG_PATH"
  is_uint "${POOL_COUNT:-}" || bad_config "POOL_COUNT '${POOL_COUNT:-}'"
  _p=0
  while [ "$_p" -lt "$POOL_COUNT" ]; do
    eval "_probe=\${POOL_${_p}_PROBE:-} _backends=\${POOL_${_p}_BACKENDS:-} _map=\${POOL_${_p}_MAP:-}"
    # shellcheck disable=SC2086 # the probe's words on purpose
    set -- $_probe
    [ "$#" = 7 ] || bad_config "POOL_${_p}_PROBE '$_probe'"
    case $1 in icmp | tcp | http) ;; *) bad_config "POOL_${_p}_PROBE type '$1'" ;; esac
    for _n in "$2" "$3" "$4" "$5" "$6"; do is_uint "$_n" || bad_config "POOL_${_p}_PROBE '$_probe'"; done
    eval "ptype_$_p=\$1 pint_$_p=\$2 ptmo_$_p=\$3 pdown_$_p=\$4 pup_$_p=\$5 pexp_$_p=\$6 ppath_$_p=\$7"
    case $_map in pool_[a-z0-9_]*) ;; *) bad_config "POOL_${_p}_MAP '$_map'" ;; esac
    _b=0
    for _w in $_backends; do
      _name=${_w%%:*} _rest=${_w#*:}
      _addr=${_rest%%:*} _rest=${_rest#*:}
      _port=${_rest%%:*} _state=${_rest#*:}
      is_uint "$_port" || bad_config "POOL_${_p}_BACKENDS '$_w'"
      case $_addr in '' | *[!0-9.]*) bad_config "POOL_${_p}_BACKENDS '$_w'" ;; esac
      case $_state in active | drain | disabled) ;; *) bad_config "POOL_${_p}_BACKENDS '$_w'" ;; esac
      eval "bname_${_p}_$_b=\$_name baddr_${_p}_$_b=\$_addr bport_${_p}_$_b=\$_port bstate_${_p}_$_b=\$_state"
      _b=$((_b + 1))
    done
    eval "nb_$_p=$_b"
    _p=$((_p + 1))
  done
}

# ------------------------------------------------------------------------------------------------------ checks

# check P B: one check of backend B of pool P; exit status 0 when it answered as the pool asks.
check() {
  eval "_type=\$ptype_$1 _tmo=\$ptmo_$1 _addr=\$baddr_${1}_$2 _port=\$bport_${1}_$2"
  ms_to_s "$_tmo"
  case $_type in
    tcp) socat -u /dev/null "TCP:$_addr:$_port,connect-timeout=$_secs" >/dev/null 2>&1 ;;
    icmp) ping -n -q -c 1 -W "$(((_tmo + 999) / 1000))" "$_addr" >/dev/null 2>&1 ;;
    http)
      eval "_path=\$ppath_$1 _want=\$pexp_$1"
      # -t: after the request is sent, wait up to the timeout for the answer (socat's default is 0.5 s).
      _line=$(printf 'GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: waymark-check\r\nConnection: close\r\n\r\n' "$_path" "$_addr" |
        socat -t "$_secs" -T "$_secs" - "TCP:$_addr:$_port,connect-timeout=$_secs" 2>/dev/null | head -n 1)
      # The status line, "HTTP/1.1 200 OK\r": its second word.
      _st=${_line#* }
      _st=${_st%% *}
      _st=${_st%"$cr"}
      [ "$_st" = "$_want" ]
      ;;
  esac
}

# checker P B: checks forever on the pool's interval, reporting "r P B 1|0" to the coordinator's FIFO.
checker() {
  _sp=
  trap '[ -z "$_sp" ] || kill "$_sp" 2>/dev/null; exit 0' TERM INT HUP
  eval "_every=\$pint_$1"
  exec 4>"$fifo"
  now_ms
  _next=$_now
  while :; do
    if check "$1" "$2"; then _ok=1; else _ok=0; fi
    printf 'r %s %s %s\n' "$1" "$2" "$_ok" >&4 || exit 0
    _next=$((_next + _every))
    now_ms
    if [ "$_now" -ge "$_next" ]; then
      _next=$_now
    else
      ms_to_s $((_next - _now))
      # In the background, so a TERM is acted on at once.
      sleep "$_secs" &
      _sp=$!
      wait "$_sp"
      _sp=
    fi
  done
}

# ----------------------------------------------------------------------------------------------- coordinator

# render_map P: the pool's map for the current verdicts, as one nft transaction on stdout.
render_map() {
  eval "_map=\$POOL_${1}_MAP _words=\$POOL_${1}_BUCKETS"
  printf 'flush map %s %s\n' "$NFT_TABLE" "$_map"
  _el=
  _k=0
  for _w in $_words; do
    while [ -n "$_w" ]; do
      _c=${_w%"${_w#?}"}
      _w=${_w#?}
      _b=$((0x$_c))
      eval "_v=\$v_${1}_$_b"
      if [ "$_v" = up ]; then
        eval "_el=\"\$_el, $_k : \$baddr_${1}_$_b . \$bport_${1}_$_b\""
        break
      fi
    done
    _k=$((_k + 1))
  done
  [ -z "$_el" ] || printf 'add element %s %s { %s }\n' "$NFT_TABLE" "$_map" "${_el#, }"
}

apply_map() {
  if _err=$(render_map "$1" | nft -f - 2>&1); then
    [ "$apply" = ok ] || log notice "pool map update applied again"
    apply=ok
    eval "dirty_$1=0"
  else
    [ "$apply" = failed ] || log err "pool map update failed: $_err"
    apply=failed
    eval "dirty_$1=1"
  fi
}

write_state() {
  _tmp=$STATE.tmp.$$
  {
    printf 'pools pid=%s started=%s updated=%s format=1 apply=%s%s\n' "$$" "$started" "$_now" "$apply" "${1:-}"
    _p=0
    while [ "$_p" -lt "$POOL_COUNT" ]; do
      eval "_pn=\$POOL_${_p}_NAME _nb=\$nb_$_p"
      _b=0
      while [ "$_b" -lt "$_nb" ]; do
        eval "printf 'backend %s %s %s %s %s since=%s fails=%s passes=%s\n' $_p $_b \"\$_pn\" \"\$bname_${_p}_$_b\" \
          \"\$v_${_p}_$_b\" \"\$since_${_p}_$_b\" \"\$fails_${_p}_$_b\" \"\$passes_${_p}_$_b\""
        _b=$((_b + 1))
      done
      _p=$((_p + 1))
    done
  } >"$_tmp" && mv -f "$_tmp" "$STATE"
  written=$_now
}

# on_result P B OK
on_result() {
  eval "_v=\$v_${1}_$2 _f=\$fails_${1}_$2 _s=\$passes_${1}_$2 _down=\$pdown_$1 _up=\$pup_$1"
  _changed=0
  if [ "$3" = 1 ]; then
    _s=$((_s + 1)) _f=0
    if [ "$_v" = down ] && [ "$_s" -ge "$_up" ]; then _v=up _changed=1; fi
  else
    _f=$((_f + 1)) _s=0
    if [ "$_v" = up ] && [ "$_f" -ge "$_down" ]; then _v=down _changed=1; fi
  fi
  eval "v_${1}_$2=\$_v fails_${1}_$2=\$_f passes_${1}_$2=\$_s"
  now_ms
  if [ "$_changed" = 1 ]; then
    eval "since_${1}_$2=\$_now _pn=\$POOL_${1}_NAME _bn=\$bname_${1}_$2 _st=\$bstate_${1}_$2"
    log notice "backend $_pn/$_bn is $_v ($_st)"
    [ "$_st" != active ] || apply_map "$1"
  fi
  _p=0
  while [ "$_p" -lt "$POOL_COUNT" ]; do
    eval "_d=\$dirty_$_p"
    [ "$_d" = 0 ] || apply_map "$_p"
    _p=$((_p + 1))
  done
  if [ "$_changed" = 1 ] || [ $((_now - written)) -ge 1000 ]; then write_state; fi
}

stop() {
  trap '' TERM INT HUP
  for _c in $children; do kill -TERM "$_c" 2>/dev/null; done
  now_ms
  # A checker orphaned by a killed monitor stops late: never mark stopped the file a newer checker writes now.
  case $(head -n 1 "$STATE" 2>/dev/null) in
    "pools pid=$$ "*) write_state " stopped=$_now" ;;
  esac
  rm -f "$fifo"
  exit 0
}

main() {
  load
  exec 3<&-
  mkdir -p "$RUN_DIR"
  fifo=$RUN_DIR/pool-checks.$$.fifo
  rm -f "$fifo"
  mkfifo -m 600 "$fifo" || exit 1
  exec 3<>"$fifo"
  now_ms
  started=$_now
  written=0
  apply=ok
  children=
  trap stop TERM INT HUP
  _p=0
  while [ "$_p" -lt "$POOL_COUNT" ]; do
    eval "_nb=\$nb_$_p dirty_$_p=0"
    _b=0
    while [ "$_b" -lt "$_nb" ]; do
      eval "v_${_p}_$_b=up since_${_p}_$_b=$started fails_${_p}_$_b=0 passes_${_p}_$_b=0"
      _b=$((_b + 1))
    done
    # The map as every backend up (what the ruleset was pushed with): the kernel matches the state file from the start.
    apply_map "$_p"
    _p=$((_p + 1))
  done
  write_state
  _p=0
  while [ "$_p" -lt "$POOL_COUNT" ]; do
    eval "_nb=\$nb_$_p"
    _b=0
    while [ "$_b" -lt "$_nb" ]; do
      checker "$_p" "$_b" 3<&- &
      children="$children $!"
      _b=$((_b + 1))
    done
    _p=$((_p + 1))
  done
  log notice "started: $POOL_COUNT pools"
  while :; do
    if read -r _kind _a _b _c <&3; then
      [ "$_kind" = r ] && on_result "$_a" "$_b" "$_c"
    fi
    kill -0 "$MONITOR_PID" 2>/dev/null || stop
  done
}

if [ "$mode" = print-map ]; then
  load
  is_uint "$print_pool" && [ "$print_pool" -lt "$POOL_COUNT" ] || bad_config "no pool $print_pool"
  eval "_nb=\$nb_$print_pool"
  _b=0
  while [ "$_b" -lt "$_nb" ]; do
    eval "v_${print_pool}_$_b=down"
    _b=$((_b + 1))
  done
  for _b in $print_up; do eval "v_${print_pool}_$_b=up"; done
  render_map "$print_pool"
  exit 0
fi
main
