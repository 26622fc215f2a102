import { describe, expect, it } from 'vitest';
import { DnsError, H_ERRNO, herrnoFor, hstrerror } from '../src/errors.js';

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
    for (const code of ['ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED'] as const) expect(herrnoFor(code)).toBe('TRY_AGAIN');
    for (const code of ['EFORMERR', 'ENOTIMP', 'EREFUSED', 'EBADRESP'] as const) expect(herrnoFor(code)).toBe('NO_RECOVERY');
    expect(herrnoFor('ECANCELLED')).toBe('NETDB_INTERNAL');
  });

  it('DnsError carries it, and reads like node:dns', () => {
    const e = new DnsError('ENOTFOUND', { hostname: 'nope.test', syscall: 'queryA', servers: ['127.0.0.1:53'] });
    expect([e.code, e.herrno, e.message, e.servers]).toEqual(['ENOTFOUND', 'HOST_NOT_FOUND', 'queryA ENOTFOUND nope.test', ['127.0.0.1:53']]);
  });
});
