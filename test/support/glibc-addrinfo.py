"""Runs glibc's getaddrinfo / getnameinfo (through python3's socket module, which calls them
directly) for a batch of calls given as JSON on stdin, and prints the results as JSON.

Started only by test/support/glibc.ts, in its sandbox of namespaces (mount, UTS, network and
pid, in a user namespace when not run by root) with /etc/resolv.conf, /etc/hosts,
/etc/nsswitch.conf (and /etc/services, /etc/host.conf, /etc/gai.conf) bind-mounted from a
temp dir. It checks that before doing anything: glibc must never be able
to send a query to a server the test did not start, so it refuses to run unless every
`nameserver` in /etc/resolv.conf is a loopback address and nsswitch.conf sends hosts lookups
only to `files dns`.

Host and service names are passed to glibc as bytes: python would otherwise run a str host
through its own IDNA codec first (which rejects empty labels and would hide what glibc does).
"""
import ipaddress
import json
import socket
import sys

# glibc's extra EAI codes (netdb.h, _GNU_SOURCE); python exports only the POSIX ones.
EAI_NAMES = {
    -100: "EAI_INPROGRESS",
    -101: "EAI_CANCELED",
    -102: "EAI_NOTCANCELED",
    -103: "EAI_ALLDONE",
    -104: "EAI_INTR",
    -105: "EAI_IDN_ENCODE",
}
for _name in dir(socket):
    if _name.startswith("EAI_"):
        EAI_NAMES[getattr(socket, _name)] = _name


def refuse(why):
    sys.stderr.write("glibc-addrinfo.py: refusing to run: %s\n" % why)
    sys.exit(3)


def check_sandbox():
    with open("/etc/resolv.conf", "rb") as f:
        for raw in f.read().decode("latin-1").splitlines():
            words = raw.split()
            if len(words) >= 2 and words[0] == "nameserver":
                try:
                    address = ipaddress.ip_address(words[1].split("%")[0])
                except ValueError:
                    # glibc ignores a line it cannot parse: nothing is sent to it.
                    continue
                if not address.is_loopback:
                    refuse("/etc/resolv.conf names a non-loopback server %s" % words[1])
    hosts_lines = []
    with open("/etc/nsswitch.conf", "rb") as f:
        for raw in f.read().decode("latin-1").splitlines():
            words = raw.split("#")[0].split()
            if words and words[0] == "hosts:":
                hosts_lines.append(words[1:])
    if hosts_lines != [["files", "dns"]]:
        refuse("/etc/nsswitch.conf must say exactly `hosts: files dns`, not %r" % hosts_lines)


def error_name(err):
    if isinstance(err, socket.gaierror):
        return EAI_NAMES.get(err.errno, "EAI_%s" % err.errno)
    # python raises OSError (not gaierror) for EAI_SYSTEM, with errno set.
    return "EAI_SYSTEM"


def as_bytes(value):
    return None if value is None else value.encode("utf-8", "surrogateescape")


def run_getaddrinfo(call):
    try:
        infos = socket.getaddrinfo(
            as_bytes(call.get("node")),
            as_bytes(call.get("service")),
            call.get("family", 0),
            call.get("socktype", 0),
            call.get("protocol", 0),
            call.get("flags", 0),
        )
    except OSError as err:
        return {"error": error_name(err)}
    results = []
    for family, socktype, protocol, canonname, sockaddr in infos:
        entry = {"family": int(family), "socktype": int(socktype), "protocol": protocol, "canonname": canonname}
        if family == socket.AF_INET6:
            host, port, _flowinfo, scope_id = sockaddr
            entry["address"] = host if scope_id == 0 else "%s%%%d" % (host, scope_id)
            entry["port"] = port
        elif family == socket.AF_INET:
            entry["address"], entry["port"] = sockaddr
        else:
            entry["address"], entry["port"] = repr(sockaddr), 0
        results.append(entry)
    return {"results": results}


def run_getnameinfo(call):
    address = call["address"]
    port = call.get("port", 0)
    if ":" in address:
        host, _, zone = address.partition("%")
        scope_id = 0
        if zone:
            try:
                scope_id = int(zone) if zone.isdigit() else socket.if_nametoindex(zone)
            except OSError:
                # Not glibc's answer: a sockaddr cannot even be built. Said plainly, so that a
                # comparison shows it rather than the whole batch failing.
                return {"error": "NO_SUCH_INTERFACE %s" % zone}
        sockaddr = (host, port, 0, scope_id)
    else:
        sockaddr = (address, port)
    try:
        host, service = socket.getnameinfo(sockaddr, call.get("flags", 0))
    except OSError as err:
        return {"error": error_name(err)}
    return {"host": host, "service": service}


def main():
    check_sandbox()
    calls = json.load(sys.stdin)
    out = []
    for call in calls:
        if call["op"] == "getaddrinfo":
            out.append(run_getaddrinfo(call))
        elif call["op"] == "getnameinfo":
            out.append(run_getnameinfo(call))
        elif call["op"] == "constants":
            out.append({n: getattr(socket, n) for n in dir(socket) if n.startswith(("AI_", "NI_", "EAI_", "AF_INET", "SOCK_", "IPPROTO_"))})
        else:
            refuse("unknown op %r" % call["op"])
    json.dump(out, sys.stdout)


main()
