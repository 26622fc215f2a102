/**
 * showip's argument parser: every option, the defaults, the conflicts it refuses, and the
 * usage errors it reports as values (never by throwing or exiting).
 */
import { describe, expect, it } from 'vitest';
import { parseShowipArgs, SHOWIP_HELP, SHOWIP_USAGE, type ShowipOptions } from '../../src/cli/showip-args.js';

function run(...argv: string[]): ShowipOptions {
  const command = parseShowipArgs(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(command)}`);
  return command.options;
}

function usageError(...argv: string[]): string {
  const command = parseShowipArgs(argv);
  if (command.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(command)}`);
  return command.message;
}

describe('parseShowipArgs', () => {
  it('defaults to what showip.c does: any family, SOCK_STREAM, no flags, no service', () => {
    expect(run('example.test')).toEqual({
      hosts: ['example.test'],
      family: 'any',
      v4mapped: false,
      all: false,
      addrconfig: false,
      numericHost: false,
      canonName: false,
      passive: false,
      service: undefined,
      numericServ: false,
      socktype: 'stream',
      servers: [],
      reverse: false,
      nameRequired: false,
      noFqdn: false,
      idn: false,
      json: false,
    });
  });

  it('keeps every operand, in order', () => {
    expect(run('a.test', 'b.test', 'a.test').hosts).toEqual(['a.test', 'b.test', 'a.test']);
  });

  it('reads the family options', () => {
    expect(run('-4', 'h').family).toBe('inet');
    expect(run('-6', 'h').family).toBe('inet6');
    expect(usageError('-4', '-6', 'h')).toBe('-4 and -6 cannot be used together');
    expect(usageError('-46', 'h')).toBe('-4 and -6 cannot be used together');
  });

  it('reads every getaddrinfo flag', () => {
    const o = run('--v4mapped', '--all', '--addrconfig', '--numerichost', '--canonname', '--passive', '--numericserv', '-6', 'h');
    expect(o).toMatchObject({ v4mapped: true, all: true, addrconfig: true, numericHost: true, canonName: true, passive: true, numericServ: true });
  });

  it('takes the service as -s, -sNAME, --service NAME and --service=NAME; the last one wins', () => {
    expect(run('-s', 'http', 'h').service).toBe('http');
    expect(run('-shttp', 'h').service).toBe('http');
    expect(run('--service', '80', 'h').service).toBe('80');
    expect(run('--service=domain', 'h').service).toBe('domain');
    expect(run('-s', 'a', '-s', 'b', 'h').service).toBe('b');
    expect(usageError('h', '-s')).toBe('option -s, --service <value> needs a value');
  });

  it('accepts the four socket types and nothing else', () => {
    for (const t of ['stream', 'dgram', 'raw', 'any'] as const) expect(run('--socktype', t, 'h').socktype).toBe(t);
    expect(usageError('--socktype', 'seqpacket', 'h')).toBe('--socktype must be one of stream, dgram, raw, any, not "seqpacket"');
  });

  it('collects --server values in order and checks each is an address with an optional port', () => {
    expect(run('--server', '127.0.0.1:5300', '--server', '[::1]:5300', '--server=::1', 'h').servers).toEqual(['127.0.0.1:5300', '[::1]:5300', '::1']);
    expect(usageError('--server', 'ns.example.test', 'h')).toMatch(/^--server needs an address .* not "ns.example.test"$/);
    expect(usageError('--server', '127.0.0.1:99999', 'h')).toMatch(/not "127.0.0.1:99999"$/);
  });

  it('reads the reverse options and refuses the getaddrinfo-only ones with -r', () => {
    const o = run('-r', '--namereqd', '--nofqdn', '--numerichost', '--numericserv', '--socktype', 'dgram', '-s', '53', '192.0.2.1');
    expect(o).toMatchObject({ reverse: true, nameRequired: true, noFqdn: true, numericHost: true, numericServ: true, socktype: 'dgram', service: '53' });
    expect(run('--reverse', '::1').reverse).toBe(true);
    expect(usageError('-r', '--v4mapped', '::1')).toBe('--v4mapped is a getaddrinfo option; it cannot be used with -r');
    expect(usageError('-r', '-4', '::1')).toBe('-4 is a getaddrinfo option; it cannot be used with -r');
    expect(usageError('--namereqd', '::1')).toBe('--namereqd is a getnameinfo option; it needs -r');
    expect(usageError('-r', '-s', 'http', '::1')).toBe('with -r, --service must be a port number, not "http"');
    expect(usageError('-r', '-s', '65536', '::1')).toBe('port 65536 is out of range (0 to 65535)');
    expect(usageError('-r', '--socktype', 'raw', '::1')).toBe('with -r, --socktype can only be stream or dgram (NI_DGRAM)');
  });

  it('reads --idn, off by default (getaddrinfo without AI_IDN), for both directions', () => {
    expect(run('h').idn).toBe(false);
    expect(run('--idn', 'h').idn).toBe(true);
    expect(run('-r', '--idn', '192.0.2.1').idn).toBe(true);
  });

  it('answers --version and -V with the version, even next to an error', () => {
    expect(parseShowipArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseShowipArgs(['-V', 'h'])).toEqual({ kind: 'version' });
    expect(parseShowipArgs(['--bogus', '--version'])).toEqual({ kind: 'version' });
    expect(parseShowipArgs(['--', '--version']).kind).toBe('run');
  });

  it('says in the help that an operand starting with - needs --, that * must be quoted, and what --idn defaults to and why', () => {
    expect(SHOWIP_USAGE).toBe('usage: showip [options] [--] HOST...');
    expect(SHOWIP_HELP).toContain('An operand that starts with `-` is read as an option: put `--` before\nit');
    expect(SHOWIP_HELP).toContain("showip --passive '*'");
    expect(SHOWIP_HELP).toMatch(/--idn +convert a non-ASCII HOST/);
    expect(SHOWIP_HELP).toContain('Off by\n                        default, as in getaddrinfo and showip.c');
  });

  it('reads --json', () => {
    expect(run('--json', 'h').json).toBe(true);
  });

  it('needs at least one operand', () => {
    expect(usageError()).toBe('no HOST given');
    expect(usageError('-4')).toBe('no HOST given');
    expect(usageError('-r')).toBe('no ADDRESS given');
  });

  it('reports unknown options and values given to flags', () => {
    expect(usageError('--bogus', 'h')).toBe("unknown option --bogus");
    expect(usageError('-x', 'h')).toBe("unknown option -x");
    expect(usageError('--json=yes', 'h')).toBe('option --json takes no value');
  });

  it('treats everything after -- as operands', () => {
    expect(run('--', '-4', '--help').hosts).toEqual(['-4', '--help']);
    expect(run('-6', '--', 'h').family).toBe('inet6');
  });

  it('gives help for -h or --help, even next to an error, but not after --', () => {
    expect(parseShowipArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseShowipArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseShowipArgs(['--bogus', '--help'])).toEqual({ kind: 'help' });
    expect(parseShowipArgs(['-4', '-6', '-h', 'x'])).toEqual({ kind: 'help' });
    expect(parseShowipArgs(['--', '--help']).kind).toBe('run');
  });

  it('documents every option it accepts in the help text', () => {
    for (const option of ['-4', '-6', '--v4mapped', '--all', '--addrconfig', '--numerichost', '--canonname', '--passive', '--service', '--numericserv', '--socktype', '--server', '--reverse', '--namereqd', '--nofqdn', '--idn', '--json', '--help', '--version', '-V']) {
      expect(SHOWIP_HELP).toContain(option);
    }
    expect(SHOWIP_HELP.startsWith(SHOWIP_USAGE)).toBe(true);
  });
});
