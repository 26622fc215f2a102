"""Builds RFC 2136 updates with dnspython's dns.update.UpdateMessage, for the cross-check in
test/update/message.test.ts: a batch of updates as JSON on stdin, each
{"id", "zone", "class", "ops": [[method, name, ...args]], "ours": hex}, where the methods are
resolvkit's Update methods. For each it prints dnspython's wire form and text of the same update
(with the same ID), and what dnspython writes after reading resolvkit's wire form ("ours"):
the test wants its own wire form and text back, byte for byte (dnspython compresses names, resolvkit does not,
so the raw forms differ; and Message.__eq__ is no help: a built and a parsed UpdateMessage hold
class NONE differently and never compare equal).

Pure: no network, no files. Run by the test with /usr/bin/python3 (python3-dnspython).
"""
import json
import sys

import dns.message
import dns.name
import dns.rdataclass
import dns.update


def build(case):
    u = dns.update.UpdateMessage(case['zone'], rdclass=dns.rdataclass.from_text(case['class']), id=case['id'])
    for method, name, *args in case['ops']:
        n = dns.name.from_text(name)
        if method == 'rrsetExists':
            u.present(n, args[0])
        elif method == 'rrsetExistsWithValue':
            u.present(n, args[0], args[1])
        elif method == 'rrsetDoesNotExist':
            u.absent(n, args[0])
        elif method == 'nameInUse':
            u.present(n)
        elif method == 'nameNotInUse':
            u.absent(n)
        elif method == 'add':
            u.add(n, args[0], args[1], args[2])
        elif method == 'deleteRRset':
            u.delete(n, args[0])
        elif method == 'deleteName':
            u.delete(n)
        elif method == 'deleteRecord':
            u.delete(n, args[0], args[1])
        else:
            raise ValueError('unknown method ' + method)
    return u


out = []
for case in json.load(sys.stdin):
    theirs = build(case)
    ours = dns.message.from_wire(bytes.fromhex(case['ours']))
    wire = theirs.to_wire()
    out.append({'wire': wire.hex(), 'rewritten': ours.to_wire().hex(), 'text': ours.to_text(), 'theirsText': theirs.to_text()})
json.dump(out, sys.stdout)
