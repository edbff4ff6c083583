#!/usr/bin/env bash
# Debian packages Outreach needs: pango for WeasyPrint, harfbuzz-subset for fast PDF font
# subsetting, Noto fonts for every script the reports use, and (for tests) chromium.
# Installs what is missing when run as root with apt-get; otherwise prints the command.
set -euo pipefail
purpose=${1:-run}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk)
if [ "$purpose" = "test" ]; then
  # chromium for the browser journeys; postgresql and redis-server for the replica, copy and
  # job-reliability tests' own servers; nodejs (npm) for axe-core
  packages+=(chromium postgresql redis-server nodejs)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Outreach needs these system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
