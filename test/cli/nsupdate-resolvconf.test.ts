/**
 * The name servers nsupdate reads from resolv.conf (lib/irs/resconf.c), as checked against
 * BIND 9.18.49's nsupdate -C on this machine: `nameserver bogus` and `nameserver 127.0.0.1:5300`
 * give `parse of FILE failed` (exit 1); unknown keywords and options are ignored.
 */
import { describe, expect, it } from 'vitest';
import { irsNameservers } from '../../src/cli/nsupdate-resolvconf.js';

describe('irsNameservers', () => {
  it('reads up to three numeric addresses, 0.0.0.0 as 127.0.0.1, inet_aton forms, IPv6 with a scope', () => {
    expect(irsNameservers('nameserver 127.0.0.1\nnameserver ::1\nnameserver 0.0.0.0\nnameserver 192.0.2.9\n')).toEqual(['127.0.0.1', '::1', '127.0.0.1']);
    expect(irsNameservers('nameserver 127.1\nnameserver fe80::1%lo\n')).toEqual(['127.0.0.1', 'fe80::1']);
    expect(irsNameservers('search a b\noptions timeout:1 foo\nbogus line\n')).toEqual([]);
    expect(irsNameservers('nameserver 127.0.0.1 ; a comment\n')).toEqual(['127.0.0.1']);
  });

  it('fails on a nameserver line it cannot read', () => {
    expect(irsNameservers('nameserver bogus\n')).toBeUndefined();
    expect(irsNameservers('nameserver 127.0.0.1:5300\n')).toBeUndefined();
    expect(irsNameservers('nameserver 127.0.0.1 extra\n')).toBeUndefined();
    expect(irsNameservers('nameserver\n')).toBeUndefined();
  });
});
