import { GATEWAY_PATHS } from "@/lib/domain/compile/linux/layout";

// Starting and stopping the on-gateway monitor (assets/monitor.sh). Under systemd it is a service that systemd
// restarts; elsewhere the script's own --supervise mode restarts it, detached into its own session so it
// outlives the SSH connection that started it.
const UNIT = GATEWAY_PATHS.systemdUnit;
const SCRIPT = GATEWAY_PATHS.monitorScript;
const CONFIG = GATEWAY_PATHS.monitorConfig;
const SUPERVISOR_PID = `${GATEWAY_PATHS.runDir}/monitor-supervisor.pid`;

const UNIT_FILE = [
  "[Unit]",
  "Description=Waymark link health monitor",
  "After=network-online.target",
  "",
  "[Service]",
  `ExecStart=/bin/sh ${SCRIPT} ${CONFIG}`,
  "Restart=always",
  "RestartSec=1",
  "",
  "[Install]",
  "WantedBy=multi-user.target",
].join("\n");

const STOP_SUPERVISOR = [
  `if [ -f ${SUPERVISOR_PID} ]; then`,
  `  pid=$(cat ${SUPERVISOR_PID}); kill "$pid" 2>/dev/null || true`,
  // An exited supervisor may linger as a zombie until init reaps it; that is stopped, not running.
  '  i=0; while kill -0 "$pid" 2>/dev/null && ! grep -q "^[0-9]* (.*) Z" "/proc/$pid/stat" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
  `  rm -f ${SUPERVISOR_PID}`,
  "fi",
];

export function monitorRestartScript(): string {
  return [
    "set -eu",
    `mkdir -p ${GATEWAY_PATHS.runDir}`,
    "if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
    `  cat > /etc/systemd/system/${UNIT} <<'UNIT'`,
    UNIT_FILE,
    "UNIT",
    "  systemctl daemon-reload",
    `  systemctl enable --quiet ${UNIT}`,
    `  systemctl restart ${UNIT}`,
    "else",
    ...STOP_SUPERVISOR.map((l) => `  ${l}`),
    `  setsid -f /bin/sh ${SCRIPT} --supervise ${CONFIG} </dev/null >/dev/null 2>&1`,
    "fi",
  ].join("\n");
}

export function monitorStopScript(): string {
  return [
    "if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
    `  systemctl disable --now --quiet ${UNIT} 2>/dev/null || true`,
    "else",
    ...STOP_SUPERVISOR.map((l) => `  ${l}`),
    "fi",
    `rm -f ${GATEWAY_PATHS.monitorState}`,
  ].join("\n");
}
