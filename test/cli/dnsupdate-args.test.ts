/**
 * dnsupdate's command line against what BIND 9.18.49's nsupdate does with the same arguments
 * (run on this machine under `unshare -n`; its argv[0] `nsupdate` is the program's name here):
 *
 *   nsupdate -h          nsupdate: invalid argument -h / usage: ... (exit 1)
 *   nsupdate -x          nsupdate: illegal option -- x / nsupdate: invalid argument -x / usage (1)
 *   nsupdate -p          nsupdate: option requires an argument -- p / ... invalid argument -p / usage (1)
 *   nsupdate -p abc      bad port number 'abc' (1)
 *   nsupdate -k a -y b:c nsupdate: cannot specify both -k and -y (1)
 *   nsupdate -R 1        The -R option has been deprecated. (1)
 *   nsupdate -4 -6       only one of -4 and -6 allowed (1)
 *   nsupdate --help      nsupdate: illegal option -- - / nsupdate: invalid argument -- / usage (1)
 *   nsupdate -L x        bad library debug value 'x' (1)
 *   nsupdate -V          nsupdate 9.18.49-1~deb12u3-Debian, on stderr (0)
 *   nsupdate -T          86 type names, A first, DLV last (0)
 */
import { describe, expect, it } from 'vitest';
import { nsupdateUsage, parseNsupdateArgs, type ArgsOutcome } from '../../src/cli/nsupdate-args.js';

const parse = (...argv: string[]): ArgsOutcome => parseNsupdateArgs(argv, { program: 'nsupdate', version: '9.18.49' });
const USAGE = nsupdateUsage('nsupdate');
const fails = (stderr: string): ArgsOutcome => ({ kind: 'exit', status: 1, stdout: '', stderr });

describe('parseNsupdateArgs', () => {
  it('takes defaults as nsupdate: port 53, -t 300, -u 3, -r 3', () => {
    expect(parse()).toEqual({
      kind: 'run',
      args: { localOnly: false, port: 53, tcp: false, timeout: 300, udpTimeout: 3, udpRetries: 3, debug: 0, forceInteractive: false, json: false },
    });
  });

  it('reads every option, clustered or not, arguments attached or next', () => {
    const r = parse('-dv', '-p5399', '-t', '0', '-u', '1', '-r0', '-C', '/tmp/resolv.conf', '-4', '-k', 'K.key', '-i', '--json', 'script');
    expect(r).toEqual({
      kind: 'run',
      args: { localOnly: false, port: 5399, tcp: true, timeout: 0, udpTimeout: 1, udpRetries: 0, debug: 1, forceInteractive: true, json: true, resolvConf: '/tmp/resolv.conf', family: 4, keyFile: 'K.key', file: 'script' },
    });
    expect(parse('-D', '-l', '-6', '-y', 'k:c2VjcmV0')).toMatchObject({ kind: 'run', args: { debug: 2, localOnly: true, family: 6, keyString: 'k:c2VjcmV0' } });
  });

  it('stops at the first operand, as getopt: later words are not options', () => {
    expect(parse('script', '-d')).toMatchObject({ kind: 'run', args: { file: 'script', debug: 0 } });
    // A lone "-" is an option character to isc_commandline_parse; after "--" it is the file.
    expect(parse('--', '-')).toMatchObject({ kind: 'run', args: { file: '-' } });
    expect(parse('-')).toEqual(fails(`nsupdate: illegal option -- -\nnsupdate: invalid argument --\n${USAGE}`));
  });

  it('an option argument that looks like a long option is still the argument', () => {
    expect(parse('-y', '--json')).toMatchObject({ kind: 'run', args: { keyString: '--json', json: false } });
  });

  it('refuses as nsupdate does, with its messages', () => {
    expect(parse('-h')).toEqual(fails(`nsupdate: invalid argument -h\n${USAGE}`));
    expect(parse('-x')).toEqual(fails(`nsupdate: illegal option -- x\nnsupdate: invalid argument -x\n${USAGE}`));
    expect(parse('-p')).toEqual(fails(`nsupdate: option requires an argument -- p\nnsupdate: invalid argument -p\n${USAGE}`));
    expect(parse('-p', 'abc')).toEqual(fails("bad port number 'abc'\n"));
    expect(parse('-p', '65536')).toEqual(fails("bad port number '65536'\n"));
    expect(parse('-k', 'a', '-y', 'b:c')).toEqual(fails('nsupdate: cannot specify both -k and -y\n'));
    expect(parse('-R', '1')).toEqual(fails('The -R option has been deprecated.\n'));
    expect(parse('-4', '-6')).toEqual(fails('only one of -4 and -6 allowed\n'));
    expect(parse('-L', 'x')).toEqual(fails("bad library debug value 'x'\n"));
    expect(parse('-t', 'x')).toEqual(fails("bad timeout 'x'\n"));
    expect(parse('-u', '-1')).toEqual(fails("bad udp timeout '-1'\n"));
    expect(parse('-r', '1x')).toEqual(fails("bad udp retries '1x'\n"));
  });

  it('-V and -T act in the first pass: before any later option is read', () => {
    expect(parse('-p', 'abc', '-V')).toEqual({ kind: 'exit', status: 0, stdout: '', stderr: 'nsupdate 9.18.49\n' });
    const types = parse('-T');
    expect(types.kind).toBe('exit');
    const names = (types as { stdout: string }).stdout.trimEnd().split('\n');
    expect(names).toHaveLength(86);
    expect(names.slice(0, 6)).toEqual(['A', 'NS', 'MD', 'MF', 'CNAME', 'SOA']);
    expect(names.slice(-4)).toEqual(['RESINFO', 'WALLET', 'TA', 'DLV']);
    expect(names).not.toContain('OPT');
    expect(names).not.toContain('ANY');
    expect(parse('-P')).toEqual({ kind: 'exit', status: 0, stdout: '', stderr: '' });
  });

  it('dnsupdate\'s own: --help and --version on stdout; -g / -o refused (no GSS-TSIG)', () => {
    expect(parse('--version')).toEqual({ kind: 'exit', status: 0, stdout: 'nsupdate 9.18.49\n', stderr: '' });
    expect(parse('--help')).toMatchObject({ kind: 'exit', status: 0, stderr: '' });
    expect(parse('-g')).toEqual(fails('nsupdate: cannot specify -g or -o: GSS-TSIG is not supported\n'));
    expect(parse('-o')).toEqual(fails('nsupdate: cannot specify -g or -o: GSS-TSIG is not supported\n'));
  });
});
