#!/usr/bin/env bash
# Installs the system packages the test suite starts for real (MariaDB, Redis, Chromium) from
# the OS package manager when they are missing. Sourced by scripts/test.sh.
# (no `set -e` here: this file is sourced, also into interactive shells)

ensure_system_deps() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  # Without a CJK font the browser tests' screenshots show boxes instead of Chinese text.
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  if command -v apt-get >/dev/null 2>&1; then
    printf '\033[36m[system]\033[0m installing %s with apt-get\n' "${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The package starts system services we do not use: tests run their own servers on free ports.
    for svc in mariadb redis-server; do
      $sudo systemctl stop "$svc" >/dev/null 2>&1 || $sudo service "$svc" stop >/dev/null 2>&1 || true
    done
  else
    echo "No apt-get here: install ${missing[*]} with your package manager" >&2
    return 1
  fi
}
