/** dnsq's command line: dig's rules for bare words, servers, +options, and usage errors. */
import { describe, expect, it } from 'vitest';
import { parseDnsqArgs, type DnsqOptions } from '../../src/cli/dnsq-args.js';

/** The options of a command line that must parse. */
function run(...argv: string[]): DnsqOptions {
  const parsed = parseDnsqArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

/** The message of a command line that must be refused. */
function refused(...argv: string[]): string {
  const parsed = parseDnsqArgs(argv);
  if (parsed.kind !== 'error') throw new Error(`expected a usage error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseDnsqArgs', () => {
  it('defaults to A and IN, recursion on, everything else off', () => {
    expect(run('example.test')).toEqual({
      name: 'example.test',
      type: 'A',
      class: 'IN',
      tcp: false,
      recurse: true,
      dnssec: false,
      aaonly: false,
      nocache: false,
      search: false,
      json: false,
      short: false,
      idnin: true,
    });
  });

  it('takes type and class in any order after the name, in any case', () => {
    for (const argv of [
      ['example.test', 'mx', 'ch'],
      ['example.test', 'CH', 'MX'],
      ['mx', 'example.test', 'ch'],
    ]) {
      const o = run(...argv);
      expect([o.name, o.type, o.class]).toEqual(['example.test', 'MX', 'CH']);
    }
  });

  it('reads a bare word as a type before a class, as dig does (ANY is both)', () => {
    expect(run('example.test', 'any')).toMatchObject({ type: 'ANY', class: 'IN' });
    expect(run('example.test', 'any', 'any')).toMatchObject({ type: 'ANY', class: 'ANY' });
    expect(run('example.test', 'TYPE65280', 'CLASS3')).toMatchObject({ type: 'TYPE65280', class: 'CH' });
  });

  it('so a name spelled like a type must be written absolute', () => {
    expect(refused('a')).toBe('no name to look up');
    expect(run('a.', 'a')).toMatchObject({ name: 'a.', type: 'A' });
  });

  it('never takes a wildcard or a dotted word for a type', () => {
    expect(run('*.wild.example.test').name).toBe('*.wild.example.test');
    expect(run('ns.example', 'ns')).toMatchObject({ name: 'ns.example', type: 'NS' });
  });

  it('reads @server with or without a port, IPv4 and IPv6', () => {
    expect(run('@127.0.0.1', 'x.test').server).toEqual({ address: '127.0.0.1', port: 53, family: 4, given: '127.0.0.1' });
    expect(run('@127.0.0.1:5300', 'x.test').server).toMatchObject({ address: '127.0.0.1', port: 5300, family: 4 });
    expect(run('x.test', '@::1').server).toMatchObject({ address: '::1', port: 53, family: 6 });
    expect(run('@[::1]:5300', 'x.test').server).toMatchObject({ address: '::1', port: 5300, family: 6 });
    expect(run('@[::1]', 'x.test').server).toMatchObject({ address: '::1', port: 53, family: 6 });
  });

  it('takes -p as the port, as dig does', () => {
    expect(run('-p', '5300', '@127.0.0.1', 'x.test')).toMatchObject({ port: 5300, server: { port: 53 } });
    expect(refused('-p', '0', 'x.test')).toBe('not a port number: "0"');
    expect(refused('-p', '65536', 'x.test')).toBe('not a port number: "65536"');
    expect(refused('x.test', '-p')).toBe('-p needs a value');
  });

  it('refuses a server that is not an address, and a second server', () => {
    expect(refused('@ns1.example', 'x.test')).toMatch(/^not a server address: "ns1.example"/);
    expect(refused('@127.0.0.1:99999', 'x.test')).toMatch(/^not a server address/);
    expect(refused('@127.0.0.1', '@::1', 'x.test')).toBe('more than one server: "127.0.0.1" and "::1"');
  });

  it('reads the +options and their no- forms, dig aliases included', () => {
    expect(run('x.test', '+tcp', '+norec', '+dnssec', '+aaonly', '+nocache', '+search')).toMatchObject({
      tcp: true,
      recurse: false,
      dnssec: true,
      aaonly: true,
      nocache: true,
      search: true,
    });
    expect(run('x.test', '+vc', '+norecurse', '+aaflag')).toMatchObject({ tcp: true, recurse: false, aaonly: true });
    expect(run('x.test', '+tcp', '+notcp', '+norec', '+rec', '+nocache', '+cache')).toMatchObject({ tcp: false, recurse: true, nocache: false });
    // ANY over TCP unless +notcp, as dig 9.18 asks it; class ANY alone changes nothing.
    expect(run('x.test', 'ANY')).toMatchObject({ type: 'ANY', tcp: true });
    expect(run('x.test', '-t', 'any', '+notcp')).toMatchObject({ type: 'ANY', tcp: false });
    expect(run('x.test', 'A', 'ANY')).toMatchObject({ type: 'A', class: 'ANY', tcp: false });
    expect(run('x.test', '--json').json).toBe(true);
  });

  it('refuses an unknown option', () => {
    expect(refused('x.test', '+bogus')).toBe('unknown option "+bogus"');
    expect(refused('x.test', '-z')).toBe('unknown option "-z"');
  });

  it('makes -x a PTR question for the reverse name, unless a type is given', () => {
    expect(run('-x', '192.0.2.1')).toMatchObject({ name: '1.2.0.192.in-addr.arpa', type: 'PTR', reverse: '192.0.2.1' });
    expect(run('-x', '2001:db8::1', 'ns').name).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(run('-x', '192.0.2.1', 'ns').type).toBe('NS');
  });

  it('refuses -x with something that is not a whole address, or with a name too', () => {
    expect(refused('-x', '1.2.3')).toBe('-x needs an IPv4 or IPv6 address, not "1.2.3"');
    expect(refused('-x', '192.0.2.1', 'x.test')).toBe('dnsq asks one question: -x 192.0.2.1 and the name "x.test"');
  });

  it('takes -t, -c and -q as dig does', () => {
    expect(run('-t', 'txt', '-c', 'ch', '-q', 'version.bind')).toMatchObject({ name: 'version.bind', type: 'TXT', class: 'CH' });
    expect(refused('-t', 'bogus', 'x.test')).toBe('unknown type "bogus"');
    expect(refused('-c', 'bogus', 'x.test')).toBe('unknown class "bogus"');
  });

  it('asks exactly one question', () => {
    expect(refused()).toBe('no name to look up');
    expect(refused('a.test', 'b.test')).toBe('dnsq asks one question: a second name "b.test"');
    expect(refused('x.test', 'mx', 'txt')).toBe('more than one type: "txt"');
    expect(refused('x.test', '-t', 'mx', '-t', 'txt')).toBe('more than one type: "MX" and "txt"');
    expect(refused('x.test', 'in', 'ch')).toBe('more than one class: "ch"');
  });

  it('answers -h and --help with help, wherever they are', () => {
    expect(parseDnsqArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseDnsqArgs(['x.test', '--help'])).toEqual({ kind: 'help' });
  });

  it('answers -v and --version with the version, as dig -v', () => {
    expect(parseDnsqArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseDnsqArgs(['x.test', '-v'])).toEqual({ kind: 'version' });
  });

  it('reads +short, +idnin and their no- forms', () => {
    expect(run('x.test', '+short')).toMatchObject({ short: true, idnin: true });
    expect(run('x.test', '+short', '+noshort', '+noidnin')).toMatchObject({ short: false, idnin: false });
  });

  it('reads +time=N and +tries=N as dig does: seconds per try, tries in all; +retry=N is N+1 tries; 0 means 1', () => {
    expect(run('x.test')).not.toHaveProperty('timeout');
    expect(run('x.test')).not.toHaveProperty('tries');
    expect(run('x.test', '+time=2', '+tries=4')).toMatchObject({ timeout: 2, tries: 4 });
    expect(run('x.test', '+timeout=7', '+retry=2')).toMatchObject({ timeout: 7, tries: 3 });
    expect(run('x.test', '+time=0', '+tries=0')).toMatchObject({ timeout: 1, tries: 1 });
    expect(refused('x.test', '+time=abc')).toBe('+time=abc: not a number');
    expect(refused('x.test', '+tries=')).toBe('+tries=: not a number');
    expect(refused('x.test', '+time=3601')).toBe('+time=3601: at most 3600');
    expect(refused('x.test', '+tries=101')).toBe('+tries=101: at most 100');
    expect(refused('x.test', '+bogus=1')).toBe('unknown option "+bogus=1"');
  });

  it('reads AXFR as a type, and ixfr=N as an IXFR from serial N, in either position or with -t', () => {
    expect(run('example.test', 'axfr')).toMatchObject({ name: 'example.test', type: 'AXFR' });
    expect(run('example.test', 'ixfr=2024010101')).toMatchObject({ type: 'IXFR', ixfrSerial: 2024010101 });
    expect(run('-t', 'IXFR=7', 'example.test')).toMatchObject({ type: 'IXFR', ixfrSerial: 7 });
    expect(refused('example.test', 'ixfr')).toBe('IXFR needs the serial to start from: ixfr=N');
    expect(refused('example.test', 'ixfr=4294967296')).toBe('not a serial number: "4294967296"');
  });

  it('lists every option in the help text, -p, -t, -c and -q included', async () => {
    const { DNSQ_HELP } = await import('../../src/cli/dnsq-args.js');
    for (const option of ['@server', '-p port', '-t type', '-c class', '-q name', '-x address', '+tcp', '+norec', '+dnssec', '+aaonly', '+nocache', '+search', '+short', '+time=N', '+tries=N', '+idnin', '--json', '--version', 'ixfr=N', 'AXFR']) {
      expect(DNSQ_HELP, option).toContain(option);
    }
    expect(DNSQ_HELP).toContain('set the AA bit in the query');
    expect(DNSQ_HELP).not.toContain('authoritative answers only');
  });
});
