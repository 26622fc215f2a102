/**
 * A Resolver made without a configuration loads the system one once per process, as res_init
 * fills `_res` once: later changes to the environment do not reach it. (Its own file, so that
 * the process-wide configuration is this test's alone; RESOLV_CONF points at a fixture, so the
 * machine's real resolv.conf is never read.)
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Resolver } from '../../src/node/resolver.js';

it('loads the system configuration once, and lays the caller\'s options over it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolvkit-sys-'));
  const first = join(dir, 'first.conf');
  const second = join(dir, 'second.conf');
  writeFileSync(first, 'nameserver 127.0.0.9\nsearch one.test\noptions ndots:3\n');
  writeFileSync(second, 'nameserver 127.0.0.10\n');
  process.env.RESOLV_CONF = first;
  process.env.LOCALDOMAIN = 'env.test';
  try {
    const a = new Resolver();
    expect(a.getServers()).toEqual(['127.0.0.9']);
    expect(a.config.search).toEqual(['env.test']);
    expect(a.config.ndots).toBe(3);
    process.env.RESOLV_CONF = second;
    delete process.env.LOCALDOMAIN;
    const b = new Resolver({ nameservers: ['127.0.0.11:5300'] });
    // The same system layers (read once), with b's own options on top: its effective config.
    expect(b.config.search).toEqual(['env.test']);
    expect(b.config.ndots).toBe(3);
    expect(b.config.nameservers).toEqual([{ address: '127.0.0.11', port: 5300, family: 4 }]);
    expect(b.getServers()).toEqual(['127.0.0.11:5300']);
    expect(new Resolver().config).toBe(a.config);
    a.close();
    b.close();
  } finally {
    delete process.env.RESOLV_CONF;
    delete process.env.LOCALDOMAIN;
  }
});
