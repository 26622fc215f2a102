/**
 * The seed manual's update-and-query example, as examples/seed-update.mjs does it with this
 * package (the README shows it), run as written against the test named: the first run adds
 * the records, a second is refused by its prerequisite, and both read the record back over TCP.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';

const run = promisify(execFile);
const named = inject('named');
const EXAMPLE = fileURLToPath(new URL('../../examples/seed-update.mjs', import.meta.url));

it('runs the seed example: zone cut, signed update, then the query over TCP without the cache', async () => {
  const conf = join(mkdtempSync(join(tmpdir(), 'resolvkit-seed-')), 'resolv.conf');
  writeFileSync(conf, `nameserver 127.0.0.1:${named.port}\n`);
  const env = { ...process.env, RESOLV_CONF: conf, LOCALDOMAIN: '', RES_OPTIONS: '' };
  const first = await run(process.execPath, [EXAMPLE], { env });
  // The addresses come from the zone's data (ns1 has A 127.0.0.1 and AAAA ::1), whatever named listens on.
  const servers = `127.0.0.1#${named.port}, ::1#${named.port}`;
  expect(first.stdout).toBe(
    [
      `zone dyn.resolvkit.test, primary ns1.resolvkit.test, send to ${servers}`,
      'is our server: true',
      'update: NOERROR, reply signed by hmac-md5.keys.resolvkit.test',
      'mypc.dyn.resolvkit.test. A 10.10.10.10 (over tcp)',
      '',
    ].join('\n'),
  );
  const second = await run(process.execPath, [EXAMPLE], { env });
  expect(second.stdout).toContain('update failed: EYXDOMAIN');
  expect(second.stdout).toContain('mypc.dyn.resolvkit.test. A 10.10.10.10 (over tcp)');
});
