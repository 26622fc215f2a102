"""dnspython's TSIG, driven by test/update/tsig-dnspython.test.ts: JSON operations on stdin,
JSON results on stdout, one per operation. No network: messages go in and out as hex.

Each operation fixes dnspython's clock (time.time, which dns.message and dns.renderer read)
to `now`. `truncate` makes dnspython truncate an algorithm's MAC to that many bits the way
BIND does (same algorithm name on the wire, fewer MAC octets): dnspython itself only truncates
under separate names such as hmac-sha256-128, which BIND does not send.

  {"op": "sign", "wire": unsigned hex, "key": {...}, "now": s, "fudge": n, "originalId": n|null,
   "error": n, "other": hex, "requestMac": hex|null, "truncate": bits|null}
      -> {"ok": true, "wire": hex, "mac": hex}
  {"op": "verify", "wire": hex, "key": {...}, "now": s, "requestMac": hex|null, "truncate": bits|null}
      -> {"ok": true, "mac": hex, "error": n} or {"ok": false, "error": exception class name}

A key is {"name": "k.example", "algorithm": "hmac-sha256", "secret": base64}.
"""
import json
import sys
import time

import dns.message
import dns.name
import dns.tsig


def keyring(key):
    name = dns.name.from_text(key["name"])
    algorithm = dns.name.from_text(key["algorithm"])
    return name, {name: dns.tsig.Key(name, key["secret"], algorithm)}


def with_truncation(op, fn):
    bits = op.get("truncate")
    if not bits:
        return fn()
    algorithm = dns.name.from_text(op["key"]["algorithm"])
    saved = dns.tsig.HMACTSig._hashes[algorithm]
    dns.tsig.HMACTSig._hashes[algorithm] = (saved, bits)
    try:
        return fn()
    finally:
        dns.tsig.HMACTSig._hashes[algorithm] = saved


def sign(op):
    name, ring = keyring(op["key"])
    message = dns.message.from_wire(bytes.fromhex(op["wire"]))
    message.use_tsig(
        ring,
        keyname=name,
        fudge=op.get("fudge", 300),
        original_id=op.get("originalId"),
        tsig_error=op.get("error", 0),
        other_data=bytes.fromhex(op.get("other", "")),
        algorithm=dns.name.from_text(op["key"]["algorithm"]),
    )
    if op.get("requestMac") is not None:
        message.request_mac = bytes.fromhex(op["requestMac"])
    wire = message.to_wire()
    return {"ok": True, "wire": wire.hex(), "mac": message.mac.hex()}


def verify(op):
    _, ring = keyring(op["key"])
    request_mac = bytes.fromhex(op["requestMac"]) if op.get("requestMac") is not None else b""
    try:
        message = dns.message.from_wire(bytes.fromhex(op["wire"]), keyring=ring, request_mac=request_mac)
    except Exception as e:  # every failure is reported by name to the test
        return {"ok": False, "error": type(e).__name__}
    return {"ok": True, "mac": message.mac.hex(), "error": message.tsig_error}


def main():
    results = []
    for op in json.load(sys.stdin):
        now = op["now"]
        time.time = lambda: float(now)
        fn = sign if op["op"] == "sign" else verify
        results.append(with_truncation(op, lambda: fn(op)))
    json.dump(results, sys.stdout)


main()
