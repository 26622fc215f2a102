#!/usr/bin/python3
"""Writes fixtures/rdata/rdata-dnspython.json: every record of the fixture zones as dnspython
reads it, with its presentation text and its RDATA octets as dnspython encodes them.

test/packet/rdata-text.test.ts holds parseRdata and formatRdata to these: dnspython is an
independent reader and encoder of the same master-file text. Run it with the system python
(the one that has python3-dnspython) after changing a zone, and commit the JSON:

    /usr/bin/python3 scripts/rdata-fixture.py
"""
import glob
import json
import os

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.version
import dns.zonefile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZONES = sorted(glob.glob(os.path.join(ROOT, 'fixtures/named/zones/*.zone'))) + sorted(
    glob.glob(os.path.join(ROOT, 'fixtures/rdata/*.zone')))


def origin_of(path):
    """The zone's name from its file name, as fixtures/named/named.conf pairs them."""
    stem = os.path.basename(path)[: -len('.zone')]
    return '.' if stem == 'root' else stem + '.'


def read_zone(path):
    """The zone file's records, read by dnspython's zone-file reader with its directives
    ($ORIGIN, $TTL) but without the zone rules of dns.zone.from_file (an SOA at the apex, no
    CNAME beside other data): broken.resolvkit.test breaks them on purpose."""
    # The Reader installs the CNAME check itself, from this module attribute.
    dns.zonefile._check_cname_and_other_data = lambda *args: None
    origin = dns.name.from_text(origin_of(path))
    manager = dns.zonefile.RRSetsReaderManager(origin, False, dns.rdataclass.IN)
    with open(path) as f, manager.writer(True) as txn:
        tok = dns.tokenizer.Tokenizer(f.read(), path)
        dns.zonefile.Reader(tok, dns.rdataclass.IN, txn, allow_directives=True).read()
    return manager.rrsets


records = []
for path in ZONES:
    for rrset in read_zone(path):
        for rdata in rrset:
            records.append({
                'zone': os.path.relpath(path, ROOT),
                'owner': rrset.name.to_text(),
                'type': dns.rdatatype.to_text(rrset.rdtype),
                'text': rdata.to_text(origin=None, relativize=False),
                'rdata': rdata.to_wire().hex(),
            })

out = os.path.join(ROOT, 'fixtures/rdata/rdata-dnspython.json')
with open(out, 'w') as f:
    json.dump({'generator': 'scripts/rdata-fixture.py', 'dnspython': dns.version.version, 'records': records}, f, indent=1)
    f.write('\n')
print(f'{len(records)} records from {len(ZONES)} zones -> {os.path.relpath(out, ROOT)}')
