#!/usr/bin/env bash
# Installs the system tools the network labs need (sshd, iproute2, nftables, ping, iperf3, conntrack, bird) and the
# interop tests' python3-librouteros, only when something is missing.
# Idempotent: a machine that already has everything makes no network request.
set -euo pipefail

declare -A PKG_FOR=(
  [/usr/sbin/sshd]=openssh-server
  [ssh-keygen]=openssh-client
  [ip]=iproute2
  [nft]=nftables
  [chpasswd]=passwd
  [useradd]=passwd
  # WAN lab (wan-lab.ts): probes, throughput benchmarks, conntrack flushes on failover.
  [ping]=iputils-ping
  [iperf3]=iperf3
  [conntrack]=conntrack
  # The iptables flavour of the Linux compiler (gateways without nftables) is checked with iptables-restore.
  [iptables-restore]=iptables
  # TCP health probes carry the link's mark through socat (SO_MARK).
  [socat]=socat
  # Anycast lab (anycast-lab.ts): BIRD 2 on the servers and the edge, each its own daemon per namespace.
  [bird]=bird2
)

# Python modules, checked with Debian's interpreter (a pyenv python3 earlier in PATH would not see them).
declare -A PKG_FOR_PYTHON_MODULE=(
  # Interop tests (tests/interop): an independent RouterOS API client against the simulator.
  [librouteros]=python3-librouteros
)

missing=()
for cmd in "${!PKG_FOR[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing+=("${PKG_FOR[$cmd]}")
  fi
done
for module in "${!PKG_FOR_PYTHON_MODULE[@]}"; do
  if ! /usr/bin/python3 -c "import $module" >/dev/null 2>&1; then
    missing+=("${PKG_FOR_PYTHON_MODULE[$module]}")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "lab/install-deps.sh: missing ${missing[*]} and not root; install them and retry" >&2
  exit 1
fi

# Dedupe package names (several commands can come from one package).
mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "lab/install-deps.sh: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# Don't let the packages start a host-wide sshd or bird: the labs run their own inside namespaces.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
