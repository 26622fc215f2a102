/**
 * lookup (the dns.lookup drop-in) against node's dns.lookup on a name both answer from a hosts
 * file, 100 calls at a time (target: at least 3x). `localhost` is in every hosts file, so
 * dns.lookup (getaddrinfo in libuv's thread pool) answers it from the machine's /etc/hosts
 * without DNS, and ours from the same text.
 */
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { createLookup } from '../src/node/lookup.js';
import { createConfig } from '../src/env/config.js';

const ours = createLookup({ config: createConfig({ hosts: readFileSync('/etc/hosts', 'utf8') }) });

function hundred(lookup: (host: string, cb: (err: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = 100;
    for (let i = 0; i < 100; i++) {
      lookup('localhost', (err) => {
        if (err) reject(err);
        else if (--left === 0) resolve();
      });
    }
  });
}

describe('lookup of a hosts-file name, 100 at a time', () => {
  bench('node dns.lookup', () => hundred((h, cb) => dns.lookup(h, { family: 4 }, cb)));
  bench('resolvkit lookup', () => hundred((h, cb) => ours(h, { family: 4 }, cb)));
});
