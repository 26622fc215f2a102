"""dnspython's TSIG sign plus verify of one message, timed, for bench/suite.bench.ts.

Reads one JSON object on stdin: {"wire": hex of the unsigned message, "key": {"name",
"algorithm", "secret"}, "seconds": how long to run}. Signs the message (use_tsig, to_wire) and
verifies the result (from_wire with the keyring), over and over, and prints one JSON line:
{"ops": sign+verify pairs done, "seconds": time they took}. No network.
"""
import json
import sys
import time

import dns.message
import dns.name
import dns.tsig

job = json.load(sys.stdin)
name = dns.name.from_text(job["key"]["name"])
algorithm = dns.name.from_text(job["key"]["algorithm"])
ring = {name: dns.tsig.Key(name, job["key"]["secret"], algorithm)}
message = dns.message.from_wire(bytes.fromhex(job["wire"]))
wanted = float(job["seconds"])

ops = 0
start = time.perf_counter()
while True:
    for _ in range(200):
        message.use_tsig(ring, keyname=name, algorithm=algorithm)
        signed = message.to_wire()
        dns.message.from_wire(signed, keyring=ring)
    ops += 200
    elapsed = time.perf_counter() - start
    if elapsed >= wanted:
        break
print(json.dumps({"ops": ops, "seconds": elapsed}))
