/**
 * Argument errors as node:dns's promises.Resolver gives them, asked of node itself: the
 * constructor's timeout and tries, setServers (its forms, each address read as inet_pton reads
 * it, and its type errors), resolve's rrtype, reverse's and resolve4's name. Each call here
 * throws before anything is sent, on both sides (no value here is a string where a name is
 * asked for), and setServers with addresses only configures: no network.
 */
import nodeDns, { promises as dns } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/index.js';
import { describeReceived } from '../../src/errors.js';
import { lookup, Resolver } from '../../src/index.js';

const config = createConfig({ resolvConf: 'nameserver 127.0.0.1\n' });

/** What `f` throws, as far as node's errors and ours can be compared (not the class). */
function thrown(f: () => unknown): { code: unknown; message: unknown } | 'returned' {
  try {
    f();
  } catch (e) {
    const x = e as { code?: unknown; message?: unknown };
    return { code: x.code, message: x.message };
  }
  return 'returned';
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ours = () => new Resolver({ config });
const theirs = () => {
  const r = new dns.Resolver();
  r.setServers(['127.0.0.1']);
  return r;
};

/** Values of every kind but string, as node's messages describe each differently. */
const VALUES: unknown[] = [undefined, 1, -0, 1.5, NaN, Infinity, 10n, true, Symbol('s'), null, {}, [], new Map(), Object.create(null), () => 1, function named() {}, new String('x')];

describe('node:dns argument errors', () => {
  it('describe what was received as node does', () => {
    const node = theirs();
    for (const value of VALUES) {
      const mine = thrown(() => ours().resolve4(value as string));
      expect(mine, String(typeof value)).toEqual(thrown(() => node.resolve4(value as string)));
      expect(mine).not.toBe('returned');
      expect((mine as { message: string }).message).toContain(describeReceived(value));
    }
  });

  it('say "name" for reverse and "rrtype" for resolve, with node\'s codes', () => {
    const node = theirs();
    for (const value of [undefined, 123, null, {}]) {
      expect(thrown(() => ours().reverse(value as string))).toEqual(thrown(() => node.reverse(value as string)));
      if (value !== undefined) expect(thrown(() => ours().resolve('one.test', value as string))).toEqual(thrown(() => node.resolve('one.test', value as string)));
    }
    expect(thrown(() => ours().resolve('one.test', 1 as unknown as string))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    // A quote or a newline in it: node shows the value as util.inspect does.
    for (const rrtype of ['TLSA', 'a', '', 'toString', "it's", 'a\nb', 'x"y']) {
      expect(thrown(() => ours().resolve('one.test', rrtype))).toEqual(thrown(() => node.resolve('one.test', rrtype)));
    }
  });

  it('check setServers\' argument and each entry\'s type as node does', () => {
    for (const servers of [null, undefined, '127.0.0.1', 5, {}, [1], [null], [undefined], [{}], [['127.0.0.1']], ['127.0.0.1', 2]]) {
      const mine = thrown(() => ours().setServers(servers as string[]));
      expect(mine, JSON.stringify(servers)).toEqual(thrown(() => theirs().setServers(servers as string[])));
      expect(mine).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    }
  });

  it('read setServers\' addresses as node does (inet_pton: no octal, no short forms)', () => {
    // inet_aton, and so a resolv.conf line, reads 0127.0.0.1 as 87.0.0.1: a typo there would
    // send queries off this machine. Node refuses each of these.
    for (const text of ['0127.0.0.1', '010.0.0.1', '01.2.3.4:53', '1.2.3', '127.1', '0x7f.1', '2130706433', '127.000.000.001', 'bad', '::1:x:y', 'localhost']) {
      const mine = thrown(() => ours().setServers([text]));
      expect(mine, text).toEqual(thrown(() => theirs().setServers([text])));
      expect(mine).toEqual({ code: 'ERR_INVALID_IP_ADDRESS', message: `Invalid IP address: ${text}` });
    }
    const good = ['127.0.0.1', '127.0.0.2:5300', '::1', '[::1]:5300', '[::2]', '[127.0.0.3]', '[127.0.0.4]:5301', '2001:db8::1', '127.0.0.1'];
    const mine = ours();
    const node = theirs();
    mine.setServers(good);
    node.setServers(good);
    // The same list, a server given twice kept once.
    expect(mine.getServers()).toEqual(node.getServers());
    expect(mine.getServers()).toEqual(['127.0.0.1', '127.0.0.2:5300', '::1', '[::1]:5300', '::2', '127.0.0.3', '127.0.0.4:5301', '2001:db8::1']);
  });

  it('differ, as the README lists, on ports node cannot use, sloppy brackets and zones', () => {
    // Node takes these (its c-ares aborts the process on port 0, so that one is not asked of it).
    for (const text of ['[::1]:', '[::1]:53:53', '127.0.0.1:65536']) {
      expect(thrown(() => theirs().setServers([text])), text).toBe('returned');
      expect(thrown(() => ours().setServers([text])), text).toEqual({ code: 'ERR_INVALID_IP_ADDRESS', message: `Invalid IP address: ${text}` });
    }
    expect(thrown(() => ours().setServers(['127.0.0.1:0']))).toMatchObject({ code: 'ERR_INVALID_IP_ADDRESS' });
    const mine = ours();
    const node = theirs();
    mine.setServers(['fe80::1%lo']);
    node.setServers(['fe80::1%lo']);
    expect([mine.getServers(), node.getServers()]).toEqual([['fe80::1%lo'], ['fe80::1']]);
  });

  it('refuse the constructor\'s timeout and tries with node\'s codes and wording', () => {
    // The ranges are narrower here (resolver-options.test.ts), so an out-of-range value is
    // compared by its code and the start of node's sentence; a wrong type by the whole message.
    for (const [option, value] of [
      ['timeout', -2],
      ['timeout', 1.5],
      ['timeout', '100'],
      ['timeout', null],
      ['timeout', NaN],
      ['tries', 0],
      ['tries', -1],
      ['tries', 1.5],
      ['tries', null],
      ['tries', '2'],
    ] as const) {
      const mine = thrown(() => new Resolver({ config, [option]: value }));
      const node = thrown(() => new dns.Resolver({ [option]: value }));
      expect(mine).not.toBe('returned');
      expect(node).not.toBe('returned');
      const { code, message } = node as { code: string; message: string };
      const sameUpTo = code === 'ERR_OUT_OF_RANGE' && !message.includes('an integer') ? message.indexOf(' It must be') : message.length;
      expect(mine, `${option}: ${String(value)}`).toMatchObject({ code, message: expect.stringMatching(`^${escape(message.slice(0, sameUpTo))}`) });
    }
  });

  it('check dns.lookup\'s arguments as node does: the same codes and messages', () => {
    // The hostname is '' throughout: node answers that without a lookup, so even an argument
    // node took would send nothing (and every one here is refused before that).
    const cb = () => undefined;
    const options: unknown[] = ['x', 5, true, 1n, { all: 1 }, { all: 'yes' }, { verbatim: 1 }, { order: 'bogus' }, { order: 5 }, { family: 5 }, { family: 'x' }, { hints: 'x' }, { hints: 123456 }];
    for (const o of options) {
      const mine = thrown(() => lookup('', o as never, cb));
      expect(mine, JSON.stringify(o, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toEqual(thrown(() => nodeDns.lookup('', o as never, cb)));
      expect(mine).not.toBe('returned');
    }
    for (const hostname of [5, {}, true]) expect(thrown(() => lookup(hostname as never, cb))).toEqual(thrown(() => nodeDns.lookup(hostname as never, cb)));
    expect(thrown(() => lookup('', {} as never, 'x' as never))).toEqual(thrown(() => nodeDns.lookup('', {}, 'x' as never)));
  });

  it('take null options, as node does', () => {
    expect(thrown(() => new Resolver(null))).toBe('returned');
    expect(thrown(() => new dns.Resolver(null as unknown as undefined))).toBe('returned');
  });
});
