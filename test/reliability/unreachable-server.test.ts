/**
 * Issue: a failed UDP connect() took the whole process down. Node reports connect()'s failure
 * only to its callback (no 'error' event); the old code then called send() on the unconnected
 * socket and the RangeError escaped every catch. A server the machine cannot reach at all
 * (255.255.255.255: EACCES without SO_BROADCAST) must be ECONNREFUSED for that server, and a
 * nameserver that is not an address literal must never get as far as a socket (Node would
 * hand it to dns.lookup, i.e. to the machine's own resolver).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { parseNameServer, parseResolvConf } from '../../src/env/resolvconf.js';
import { ArgumentError } from '../../src/errors.js';
import { Resolver } from '../../src/node/resolver.js';
import { failure } from '../support/outcomes.js';

const open: Resolver[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});

function resolver(nameservers: string[]): Resolver {
  const r = new Resolver({ config: createConfig({ resolvConf: 'options timeout:1 attempts:1\n' }), nameservers, cache: 'off' });
  open.push(r);
  return r;
}

describe('a name server the machine cannot reach', () => {
  it('is ECONNREFUSED for that server, and the process lives on', async () => {
    const r = resolver(['255.255.255.255']);
    // Twice: the first query opens the spare socket whose connect also fails; the second must not take it as ready.
    for (let i = 0; i < 2; i++) {
      const err = await failure(r.query('a.test', 'A'));
      expect(err).toMatchObject({ code: 'ECONNREFUSED', servers: ['255.255.255.255:53'] });
    }
  });

  it('is passed over for the next server', async () => {
    const r = resolver(['255.255.255.255', '255.255.255.255:5300']);
    const err = await failure(r.query('a.test', 'A'));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', servers: ['255.255.255.255:53', '255.255.255.255:5300'] });
  });
});

describe('a nameserver that is not an address literal', () => {
  const notLiterals = ['[::1%zz/x]:53', '::1%zz/x', '::1%a b', 'fe80::1%' + 'x'.repeat(16), 'localhost', 'ns1.example.test'];

  it.each(notLiterals)('%s is not a name server address', (word) => {
    expect(parseNameServer(word)).toBeUndefined();
  });

  it('keeps a real interface zone', () => {
    expect(parseNameServer('fe80::1%eth0')).toEqual({ address: 'fe80::1%eth0', port: 53, family: 6 });
    expect(parseNameServer('[fe80::1%2]:5300')).toEqual({ address: 'fe80::1%2', port: 5300, family: 6 });
  });

  it('is ignored with a warning in resolv.conf, as glibc ignores what it cannot read', () => {
    const conf = parseResolvConf('nameserver [::1%zz/x]:53\nnameserver 127.0.0.1\n');
    expect(conf.nameservers).toEqual([{ address: '127.0.0.1', port: 53, family: 4 }]);
    expect(conf.warnings).toEqual(['line 1: nameserver "[::1%zz/x]:53" is not an address; ignored']);
  });

  it('is an argument error in the options, before anything is sent', () => {
    expect(() => resolver(['[::1%zz/x]:53'])).toThrow(ArgumentError);
  });
});
