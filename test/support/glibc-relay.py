"""Lets glibc, in the private network namespace of test/support/glibc.ts's sandbox, reach a name
server the test runs outside it, on any port.

glibc asks only port 53, and only on addresses it can reach. Inside the sandbox's own network
namespace (which an ordinary user can make, in a user namespace) port 53 can be bound; outside,
the test's named listens where an ordinary user may listen (127.0.0.1, a free port). Nothing
routes between the two namespaces, but a unix socket in the file system is reachable from both:
glibc.ts serves one (the bridge) and connects each relayed exchange to the server's endpoint.

    glibc-relay.py SOCKET ADDRESS...

Binds UDP and TCP port 53 on each ADDRESS (loopback addresses inside the namespace), then
forks: the parent exits 0 once every socket is bound, so the sandbox script goes on only when
glibc can be answered; the child relays until the sandbox's program ends (it runs in a pid
namespace, whose processes the kernel kills when its first one exits).

Over SOCKET, each UDP query and each TCP connection is a connection of its own that starts
with a line `udp ADDRESS` or `tcp ADDRESS` (the address glibc asked). For udp, the query and
the replies then travel with a two-byte length in front, as DNS over TCP frames them, and the
bridge sends the query as a datagram: the server sees UDP, so truncation works as it would.
For tcp, the bytes travel as they are.
"""
import os
import socket
import struct
import sys
import threading

# How long a relayed UDP query waits for its reply; glibc gives up long before.
UDP_WAIT_SECONDS = 30


def connect_bridge(path, kind, address):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    conn.sendall(("%s %s\n" % (kind, address)).encode("ascii"))
    return conn


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def relay_datagram(path, address, listener, query, client):
    try:
        conn = connect_bridge(path, "udp", address)
    except OSError as err:
        sys.stderr.write("glibc-relay.py: cannot reach the bridge: %s\n" % err)
        return
    try:
        conn.settimeout(UDP_WAIT_SECONDS)
        conn.sendall(struct.pack("!H", len(query)) + query)
        # One reply per query; a server that never answers leaves the client to time out.
        head = read_exactly(conn, 2)
        if head is None:
            return
        reply = read_exactly(conn, struct.unpack("!H", head)[0])
        if reply is not None:
            listener.sendto(reply, client)
    except OSError:
        pass
    finally:
        conn.close()


def serve_udp(path, address, listener):
    while True:
        query, client = listener.recvfrom(65535)
        threading.Thread(target=relay_datagram, args=(path, address, listener, query, client), daemon=True).start()


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def relay_stream(path, address, client):
    try:
        conn = connect_bridge(path, "tcp", address)
    except OSError as err:
        sys.stderr.write("glibc-relay.py: cannot reach the bridge: %s\n" % err)
        client.close()
        return
    back = threading.Thread(target=pump, args=(conn, client), daemon=True)
    back.start()
    pump(client, conn)
    back.join()
    client.close()
    conn.close()


def serve_tcp(path, address, listener):
    while True:
        client, _ = listener.accept()
        threading.Thread(target=relay_stream, args=(path, address, client), daemon=True).start()


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: glibc-relay.py SOCKET ADDRESS...\n")
        sys.exit(2)
    path, addresses = sys.argv[1], sys.argv[2:]
    listeners = []
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        udp = socket.socket(family, socket.SOCK_DGRAM)
        udp.bind((address, 53))
        tcp = socket.socket(family, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind((address, 53))
        tcp.listen(64)
        listeners.append((address, udp, tcp))
    if os.fork() != 0:
        # Bound: the sandbox may start glibc now.
        os._exit(0)
    # Off the sandbox program's stdout, which carries its answer.
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    threads = []
    for address, udp, tcp in listeners:
        threads.append(threading.Thread(target=serve_udp, args=(path, address, udp), daemon=True))
        threads.append(threading.Thread(target=serve_tcp, args=(path, address, tcp), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()


main()
