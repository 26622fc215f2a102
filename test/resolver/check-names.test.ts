/**
 * res_hnok / res_ownok / res_mailok / res_dnok, by both rule sets. The glibc rules are also
 * checked against glibc itself on this machine: a small C program calls the real functions
 * (no query is sent; they only look at text) on a few hundred generated names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resDnok, resHnok, resMailok, resOwnok, type NameRules } from '../../src/resolver/check-names.js';
import { plainishName } from '../support/names.js';

type Check = (name: string, rules?: NameRules) => boolean;
const CHECKS: Record<'hnok' | 'ownok' | 'mailok' | 'dnok', Check> = {
  hnok: resHnok,
  ownok: resOwnok,
  mailok: resMailok,
  dnok: resDnok,
};

/** [name, glibc's answer, BIND's answer] for each check. 1 = accepted. */
type Row = [name: string, glibc: string, bind: string];
/** Columns: hnok ownok mailok dnok. */
const TABLE: Row[] = [
  // Plain host names, with and without a trailing dot.
  ['www.example.com', '1111', '1111'],
  ['www.example.com.', '1111', '1111'],
  ['a', '1101', '1101'],
  ['0.1.2', '1111', '1111'],
  ['xn--caf-dma.example', '1111', '1111'],
  // The root and the empty name.
  ['.', '1111', '1111'],
  ['', '1111', '1111'],
  // Hyphens: glibc refuses only a '-' that starts the name; BIND wants letter-or-digit edges.
  ['-a.example', '0011', '0011'],
  ['a-.example', '1111', '0011'],
  ['a.-b.example', '1111', '0001'],
  ['a.b-.example', '1111', '0001'],
  ['a-b.example', '1111', '1111'],
  ['a--b.example', '1111', '1111'],
  ['-', '0001', '0001'],
  // Underscores: glibc allows them anywhere, BIND nowhere.
  ['_http._tcp.example', '1111', '0001'],
  ['a_b.example', '1111', '0011'],
  ['a._b', '1111', '0001'],
  // The wildcard label: owners only, and only as the whole first label.
  ['*.example', '0111', '0111'],
  ['*', '0101', '0101'],
  ['a.*.example', '0001', '0001'],
  ['*a.example', '0011', '0011'],
  ['*.-a.example', '0111', '0001'],
  // Mailboxes: any printable local part, then a host name; one label alone is no mailbox.
  ['hostmaster.example.com', '1111', '1111'],
  ['first\\.last.example.com', '0011', '0011'],
  ['a+b.example', '0011', '0011'],
  ['a+b.-x.example', '0011', '0001'],
  ['a+b', '0001', '0001'],
  // Escapes: glibc decodes them (\065 is "A"), BIND sees a backslash.
  ['\\065bc.example', '1111', '0011'],
  ['a\\.b.example', '0011', '0011'],
  ['a\\032b.example', '0011', '0011'],
  ['a\\255b.example', '0011', '0011'],
  ['a\\256b.example', '0000', '0011'],
  ['a\\12b.example', '0000', '0011'],
  ['a\\', '0000', '0001'],
  // Raw characters that are never host-name characters.
  ['a b.example', '0000', '0000'],
  ['a!b.example', '0011', '0011'],
  ['a;b.example', '0011', '0011'],
  ['café.example', '0000', '0000'],
  ['a\tb', '0000', '0000'],
  // Structure: glibc's ns_name_pton refuses empty labels and overlong labels / names.
  ['a..b', '0000', '1111'],
  ['.a', '0000', '1111'],
  ['x'.repeat(63) + '.example', '1111', '1111'],
  ['x'.repeat(64) + '.example', '0000', '1111'],
  [Array.from({ length: 128 }, () => 'a').join('.'), '0000', '1111'],
];

const COLUMNS = Object.keys(CHECKS) as Array<keyof typeof CHECKS>;

function answers(name: string, rules: NameRules): string {
  return COLUMNS.map((c) => (CHECKS[c](name, rules) ? '1' : '0')).join('');
}

describe('check-names', () => {
  it.each(TABLE)('%j: glibc %s, bind %s (hnok ownok mailok dnok)', (name, glibc, bind) => {
    expect(answers(name, 'glibc')).toBe(glibc);
    expect(answers(name, 'bind')).toBe(bind);
  });

  it('uses the glibc rules by default', () => {
    expect(resHnok('_x.example')).toBe(true);
    expect(resHnok('_x.example', 'bind')).toBe(false);
    expect(resMailok('a.example')).toBe(true);
    expect(resMailok('a')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Against glibc itself.

const HELPER_SOURCE = String.raw`
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) > 0) {
    if (line[n - 1] == '\n') line[n - 1] = '\0';
    printf("%d%d%d%d\n", res_hnok(line) != 0, res_ownok(line) != 0, res_mailok(line) != 0, res_dnok(line) != 0);
  }
  free(line);
  return 0;
}
`;

/** Names built from every printable ASCII character in every position that matters. */
function generatedNames(): string[] {
  const names = new Set<string>(TABLE.map(([n]) => n).filter((n) => !n.includes('\n')));
  const chars: string[] = [' ', '\u00e9'];
  for (let c = 0x21; c <= 0x7e; c++) chars.push(String.fromCharCode(c));
  for (const c of chars) {
    for (const shape of [`${c}`, `a${c}`, `${c}a`, `a${c}b`, `x.${c}b.y`, `x.b${c}.y`, `*.${c}`, `${c}.example`, `x.${c}`, `${c}${c}.x`, `*${c}.x`, `l${c}p.x.y`]) {
      names.add(shape);
    }
  }
  return [...names];
}

const workDir = mkdtempSync(join(tmpdir(), 'resolvkit-checknames-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('check-names against glibc on this machine', () => {
  it('gives what glibc gives for every generated name (gcc and glibc headers required)', () => {
    const source = join(workDir, 'names.c');
    const helper = join(workDir, 'names');
    writeFileSync(source, HELPER_SOURCE);
    const gcc = spawnSync('gcc', ['-O1', '-Wall', '-o', helper, source, '-lresolv'], { encoding: 'utf8' });
    expect(gcc.error, 'gcc is needed for this cross-check: apt-get install gcc libc6-dev').toBeUndefined();
    expect(gcc.status, gcc.stderr).toBe(0);

    const names = generatedNames();
    const run = spawnSync(helper, [], { input: names.join('\n') + '\n', encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const glibc = run.stdout.trimEnd().split('\n');
    expect(glibc).toHaveLength(names.length);

    const mismatches: string[] = [];
    names.forEach((name, i) => {
      const ours = answers(name, 'glibc');
      if (glibc[i] !== ours) mismatches.push(`${JSON.stringify(name)}: glibc ${glibc[i]}, ours ${ours}`);
    });
    expect(mismatches).toEqual([]);
    expect(names.length).toBeGreaterThan(1000);
  });
});

describe('glibc rules for plain names, read from the text', () => {
  // A name of letters, digits, '-', '_' and dots is judged from its text; any other goes through
  // its wire form. The same name with one character written as \DDD has the same wire form, so
  // it must be judged alike: the text path against the wire path.
  it('judges a name as its spelling with one character escaped', () => {
    fc.assert(
      fc.property(plainishName, (name) => {
        const i = name.search(/[^.]/);
        fc.pre(i >= 0 && /^[A-Za-z0-9_.-]*$/.test(name));
        const escaped = `${name.slice(0, i)}\\${String(name.charCodeAt(i)).padStart(3, '0')}${name.slice(i + 1)}`;
        for (const check of [resHnok, resOwnok, resDnok]) expect([name, check(name, 'glibc')]).toEqual([name, check(escaped, 'glibc')]);
      }),
      { numRuns: 3000 },
    );
  });
});
