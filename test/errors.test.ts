import { describe, expect, it } from 'vitest';
import { DNS_ERROR_CODES, DnsError, EAI_OF_HERRNO, H_ERRNO, herrnoFor, herrnoOfError, hstrerror, NODE_DNS_CODES, QUERY_FAILOVER_RCODES, rcodeOutcome } from '../src/errors.js';
import { rcodeName, tsigErrorName } from '../src/packet/constants.js';

describe('h_errno', () => {
  it("hstrerror gives glibc 2.36's texts, by number or by name", () => {
    // Each text checked against glibc's own hstrerror (ctypes on this machine's libc.so.6).
    const glibc: Array<[number, string]> = [
      [-1, 'Resolver internal error'],
      [0, 'Resolver Error 0 (no error)'],
      [1, 'Unknown host'],
      [2, 'Host name lookup failure'],
      [3, 'Unknown server error'],
      [4, 'No address associated with name'],
      [5, 'Unknown resolver error'],
    ];
    for (const [n, text] of glibc) expect(hstrerror(n), String(n)).toBe(text);
    expect(hstrerror('HOST_NOT_FOUND')).toBe('Unknown host');
    expect(H_ERRNO.NO_DATA).toBe(4);
  });

  it('maps each outcome to the h_errno res_query leaves', () => {
    expect(herrnoFor('ENOTFOUND')).toBe('HOST_NOT_FOUND');
    expect(herrnoFor('ENODATA')).toBe('NO_DATA');
    // glibc's res_send fails over on SERVFAIL, REFUSED and NOTIMP and then fails as for no reply.
    for (const code of ['ESERVFAIL', 'EREFUSED', 'ENOTIMP', 'ETIMEOUT', 'ECONNREFUSED'] as const) expect(herrnoFor(code)).toBe('TRY_AGAIN');
    for (const code of ['EFORMERR', 'EBADRESP', 'EBADNAME', 'EYXDOMAIN', 'ENOTZONE'] as const) expect(herrnoFor(code)).toBe('NO_RECOVERY');
    expect(herrnoFor('ECANCELLED')).toBe('NETDB_INTERNAL');
    expect(herrnoOfError(new Error('local'))).toBe('NETDB_INTERNAL');
    for (const code of DNS_ERROR_CODES) expect(Object.keys(H_ERRNO)).toContain(herrnoFor(code));
  });

  it('DnsError carries it, and reads like node:dns', () => {
    const e = new DnsError('ENOTFOUND', { hostname: 'nope.test', syscall: 'queryA', servers: ['127.0.0.1:53'] });
    expect([e.code, e.herrno, e.message, e.servers]).toEqual(['ENOTFOUND', 'HOST_NOT_FOUND', 'queryA ENOTFOUND nope.test', ['127.0.0.1:53']]);
  });
});

describe('the outcome table', () => {
  it('gives each RFC 1035 and RFC 2136 rcode of a message its own code', () => {
    const byNumber = Array.from({ length: 11 }, (_, n) => [rcodeName(n), rcodeOutcome('message', rcodeName(n), 1)]);
    expect(byNumber).toEqual([
      ['NOERROR', undefined],
      ['FORMERR', 'EFORMERR'],
      ['SERVFAIL', 'ESERVFAIL'],
      ['NXDOMAIN', 'ENOTFOUND'],
      ['NOTIMP', 'ENOTIMP'],
      ['REFUSED', 'EREFUSED'],
      ['YXDOMAIN', 'EYXDOMAIN'],
      ['YXRRSET', 'EYXRRSET'],
      ['NXRRSET', 'ENXRRSET'],
      ['NOTAUTH', 'ENOTAUTH'],
      ['NOTZONE', 'ENOTZONE'],
    ]);
    expect(rcodeOutcome('message', 'NOERROR', 0)).toBe('ENODATA');
  });

  it('reads 16 by where it came from: BADVERS in a message, BADSIG in a TSIG record', () => {
    expect(rcodeName(16)).toBe('BADVERS');
    expect(tsigErrorName(16)).toBe('BADSIG');
    expect(rcodeOutcome('message', rcodeName(16), 1)).toBe('EBADRESP');
    expect(rcodeOutcome('tsig', tsigErrorName(16))).toBe('BADSIG');
    expect([17, 18, 22].map((n) => rcodeOutcome('tsig', tsigErrorName(n)))).toEqual(['BADKEY', 'BADTIME', 'BADTRUNC']);
    expect(rcodeOutcome('tsig', 'NOERROR')).toBeUndefined();
    // TKEY's errors have no meaning in a TSIG record.
    expect(rcodeOutcome('tsig', tsigErrorName(20))).toBe('FORMERR');
    expect(rcodeOutcome('message', 'RCODE3000', 1)).toBe('EBADRESP');
  });

  it('fails a query over to the next server on SERVFAIL, REFUSED and NOTIMP only', () => {
    expect([...QUERY_FAILOVER_RCODES].sort()).toEqual(['NOTIMP', 'REFUSED', 'SERVFAIL']);
  });

  it('maps h_errno to getaddrinfo codes as glibc does, NO_RECOVERY included', () => {
    expect(EAI_OF_HERRNO).toMatchObject({ HOST_NOT_FOUND: 'EAI_NONAME', NO_DATA: 'EAI_NODATA', TRY_AGAIN: 'EAI_AGAIN', NO_RECOVERY: 'EAI_NONAME', NETDB_INTERNAL: 'EAI_SYSTEM' });
  });

  it("tells node:dns's codes from the update codes it does not have", () => {
    expect(NODE_DNS_CODES.has('ENOTFOUND')).toBe(true);
    expect(NODE_DNS_CODES.has('ENOTIMP')).toBe(true);
    for (const code of ['EYXDOMAIN', 'EYXRRSET', 'ENXRRSET', 'ENOTAUTH', 'ENOTZONE'] as const) expect(NODE_DNS_CODES.has(code)).toBe(false);
  });
});
