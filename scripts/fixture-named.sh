#!/usr/bin/env bash
# Starts BIND's named in the foreground on 127.0.0.1:PORT (default 5399) serving this project's
# test zones (fixtures/named), so the README's examples can be run by hand:
#
#   bash scripts/fixture-named.sh 5399 &
#   npx dnsq @127.0.0.1:5399 mail.resolvkit.test MX
#
# Everything stays on loopback: recursion off, loopback-only listen and query source. The zones
# are copied into a temp dir (named writes journals for dyn.resolvkit.test); Ctrl-C stops it.
set -euo pipefail
port="${1:-5399}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
named="$(command -v named || echo /usr/sbin/named)"
[ -x "$named" ] || { echo "fixture-named: BIND's named is not installed (Debian: apt-get install bind9)" >&2; exit 1; }
dir="$(mktemp -d /tmp/resolvkit-named.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 0' INT TERM
cp -r "$here/fixtures/named/." "$dir/"
sed -e "s#@DIR@#$dir#g" \
    -e "s#@LISTEN@#\tlisten-on port $port { 127.0.0.1; };\n\tlisten-on-v6 { none; };#" \
    -e "s#@QUERY_SOURCE@#\tquery-source address 127.0.0.1;#" \
    "$here/fixtures/named/named.conf.in" > "$dir/named.conf"
echo "fixture-named: serving the test zones on 127.0.0.1:$port (Ctrl-C to stop)" >&2
"$named" -g -c "$dir/named.conf" 2>"$dir/named.log" &
pid=$!
wait "$pid"
