import { describe, expect, it } from 'vitest';
import { RES_DEFAULT, RES_DEFNAMES, RES_DNSRCH, RES_NOALIASES, RES_NOTLDQUERY } from '../../src/env/flags.js';
import { parseHostAliases } from '../../src/env/hostaliases.js';
import { DnsError, type DnsErrorCode } from '../../src/errors.js';
import { joinDomain, resSearch, type SearchRules } from '../../src/resolver/search.js';

/**
 * Runs resSearch against a scripted server: `answers` maps full names to 'ok' or an error code;
 * anything unlisted is NXDOMAIN. Returns the names asked, in order, and the outcome.
 */
async function run(name: string, rules: Partial<SearchRules>, answers: Record<string, 'ok' | DnsErrorCode> = {}) {
  const asked: string[] = [];
  const full: SearchRules = { ndots: 1, search: ['a.test', 'b.test'], flags: RES_DEFAULT, ...rules };
  try {
    const got = await resSearch(name, full, async (n, domain) => {
      const q = joinDomain(n, domain);
      asked.push(q);
      const outcome = answers[q] ?? 'ENOTFOUND';
      if (outcome === 'ok') return q;
      throw new DnsError(outcome, { hostname: q });
    });
    return { asked, result: got };
  } catch (err) {
    return { asked, error: (err as DnsError).code, hostname: (err as DnsError).hostname };
  }
}

describe('HOSTALIASES in res_search', () => {
  const aliases = parseHostAliases('web www.example.test\n');
  it('asks a name without a dot only as the name its alias stands for', async () => {
    expect(await run('web', { aliases }, { 'www.example.test': 'ok' })).toEqual({ asked: ['www.example.test'], result: 'www.example.test' });
    expect(await run('WEB', { aliases })).toEqual({ asked: ['www.example.test'], error: 'ENOTFOUND', hostname: 'www.example.test' });
  });

  it('leaves dotted names, RES_NOALIASES and names not in the file to the search list', async () => {
    expect((await run('web.', { aliases })).asked).toEqual(['web']);
    expect((await run('web.a.test', { aliases })).asked).toEqual(['web.a.test', 'web.a.test.a.test', 'web.a.test.b.test']);
    expect((await run('web', { aliases, flags: RES_DEFAULT | RES_NOALIASES })).asked).toEqual(['web.a.test', 'web.b.test', 'web']);
    expect((await run('mail', { aliases })).asked).toEqual(['mail.a.test', 'mail.b.test', 'mail']);
  });
});

describe('res_search order (glibc res_nsearch)', () => {
  it('a single label: the search list, then the name as it is', async () => {
    expect((await run('host', {})).asked).toEqual(['host.a.test', 'host.b.test', 'host']);
  });

  it('fewer dots than ndots: the search list first', async () => {
    expect((await run('x.y', { ndots: 2 })).asked).toEqual(['x.y.a.test', 'x.y.b.test', 'x.y']);
  });

  it('at least ndots dots: as it is first, then the search list', async () => {
    expect((await run('x.y', { ndots: 1 })).asked).toEqual(['x.y', 'x.y.a.test', 'x.y.b.test']);
  });

  it('a trailing dot: only the name, no search', async () => {
    const r = await run('x.y.', {});
    expect(r.asked).toEqual(['x.y']);
    expect(r.error).toBe('ENOTFOUND');
  });

  it('stops at the first success', async () => {
    const r = await run('host', {}, { 'host.a.test': 'ok' });
    expect(r).toEqual({ asked: ['host.a.test'], result: 'host.a.test' });
  });

  it('Kubernetes-style ndots:5 tries every search domain before the name itself', async () => {
    const r = await run('api.example.test', { ndots: 5, search: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'] }, {
      'api.example.test': 'ok',
    });
    expect(r.asked).toEqual([
      'api.example.test.ns.svc.cluster.local',
      'api.example.test.svc.cluster.local',
      'api.example.test.cluster.local',
      'api.example.test',
    ]);
  });

  it('without RES_DNSRCH, a dotted name is not searched; a single label gets only the first domain', async () => {
    expect((await run('x.y', { ndots: 2, flags: RES_DEFNAMES })).asked).toEqual(['x.y']);
    expect((await run('host', { flags: RES_DEFNAMES })).asked).toEqual(['host.a.test', 'host']);
  });

  it('without RES_DEFNAMES, a single label is not searched', async () => {
    expect((await run('host', { flags: RES_DNSRCH })).asked).toEqual(['host']);
  });

  it('no-tld-query: a single label is never asked as it is', async () => {
    expect((await run('host', { flags: RES_DEFAULT | RES_NOTLDQUERY })).asked).toEqual(['host.a.test', 'host.b.test']);
    expect((await run('host', { flags: RES_DEFAULT | RES_NOTLDQUERY, search: [] })).error).toBe('ENOTFOUND');
  });

  it('the root on the search list stands for the name as it is', async () => {
    expect((await run('host', { search: ['a.test', '.'] })).asked).toEqual(['host.a.test', 'host']);
  });

  it('the empty name is never asked as it is; only a root entry makes it a name (glibc: the query refuses `.a.test`)', async () => {
    const server = { '.a.test': 'EBADNAME', '.b.test': 'EBADNAME', '': 'ENODATA' } as const;
    expect(await run('', {}, server)).toMatchObject({ asked: ['.a.test'], error: 'EBADNAME' });
    expect(await run('', { search: [] }, server)).toMatchObject({ asked: [], error: 'EBADNAME' });
    expect(await run('', { ndots: 0 }, server)).toMatchObject({ asked: ['.a.test'], error: 'EBADNAME' });
    expect(await run('', { search: ['.', 'a.test'] }, server)).toMatchObject({ asked: ['', '.a.test'], error: 'ENODATA' });
    expect(await run('', { search: ['a.test', '.'] }, server)).toMatchObject({ asked: ['.a.test'], error: 'EBADNAME' });
  });
});

describe('res_search outcomes', () => {
  it('NODATA and SERVFAIL go on to the next domain; NODATA is reported over NXDOMAIN', async () => {
    const r = await run('host', {}, { 'host.a.test': 'ENODATA', 'host.b.test': 'ESERVFAIL' });
    expect(r.asked).toEqual(['host.a.test', 'host.b.test', 'host']);
    expect(r.error).toBe('ENODATA');
    expect(r.hostname).toBe('host.a.test');
  });

  it('SERVFAIL is reported when no domain gave NODATA', async () => {
    expect((await run('host', {}, { 'host.b.test': 'ESERVFAIL' })).error).toBe('ESERVFAIL');
  });

  it('the first as-is failure is reported over later ones', async () => {
    const r = await run('x.y', {}, { 'x.y': 'ENODATA' });
    expect(r.error).toBe('ENODATA');
    expect(r.hostname).toBe('x.y');
  });

  it('a timeout stops the search list but the name is still tried as it is', async () => {
    const r = await run('host', {}, { 'host.a.test': 'ETIMEOUT' });
    expect(r.asked).toEqual(['host.a.test', 'host']);
  });

  it('connection refused (no server) gives up at once', async () => {
    const r = await run('host', {}, { 'host.a.test': 'ECONNREFUSED' });
    expect(r).toMatchObject({ asked: ['host.a.test'], error: 'ECONNREFUSED' });
  });

  it('a cancelled lookup stops at once', async () => {
    const r = await run('x.y', {}, { 'x.y': 'ECANCELLED' });
    expect(r).toMatchObject({ asked: ['x.y'], error: 'ECANCELLED' });
  });
});

describe('joinDomain (res_querydomain)', () => {
  it('joins with one dot and strips the name\'s trailing dot when there is no domain', () => {
    expect(joinDomain('host', 'a.test')).toBe('host.a.test');
    expect(joinDomain('host', '.a.test.')).toBe('host.a.test');
    expect(joinDomain('host.', undefined)).toBe('host');
    expect(joinDomain('a\\.', undefined)).toBe('a\\.');
  });
});
