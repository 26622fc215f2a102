#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are installed: BIND's named (the test servers),
# dig and nsupdate and dnspython (cross-checks), gcc and glibc's headers (glibc cross-checks),
# iproute2 (extra loopback addresses) and util-linux (unshare). Run by `npm test` (pretest) and
# by .ci/run. Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail

packages=(bind9 bind9-dnsutils python3-dnspython gcc libc6-dev iproute2 util-linux)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

if ! command -v dpkg-query >/dev/null; then
  echo "test-deps: not a Debian system; install BIND 9 (named, dig, nsupdate), dnspython, gcc, iproute2 and unshare yourself" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "test-deps: the tests need these Debian packages: ${missing[*]}" >&2
  echo "test-deps: install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Installing bind9 would start the system's named (port 53, recursion to the Internet). The
# tests start their own on loopback, so forbid service starts during the install, the Debian
# way (policy-rc.d exiting 101), and put back whatever policy was there before.
policy=/usr/sbin/policy-rc.d
backup=""
if [ -e "$policy" ]; then
  backup="$(mktemp)"
  cp -p "$policy" "$backup"
fi
restore_policy() {
  if [ -n "$backup" ]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# written by resolvkit scripts/test-deps.sh: no service starts during package installation\nexit 101\n' > "$policy"
chmod 755 "$policy"
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
