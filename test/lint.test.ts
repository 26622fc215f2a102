/**
 * The import boundaries of DESIGN.md hold: the lint (eslint.config.js, run by `npm test`) fails
 * on an arrow against the order, on a deep import across layers, and on dns-packet outside
 * src/packet/dns-packet.ts, and passes the imports the order allows.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import boundaries', () => {
  it('fail a reversed import (packet importing the resolver)', async () => {
    const messages = await restricted('src/packet/reversed.ts', "import { StubResolver } from '../resolver/index.js';\nexport const x = StubResolver;\n");
    expect(messages).toEqual([expect.stringMatching(/packet\/ may not import resolver\//)]);
  });

  it('fail the resolver importing addrinfo, update or node, and anything importing cli', async () => {
    for (const layer of ['addrinfo', 'update', 'node']) {
      expect(await restricted('src/resolver/x.ts', `import { a } from '../${layer}/index.js';\nexport const x = a;\n`)).toHaveLength(1);
    }
    expect(await restricted('src/node/x.ts', "import { a } from '../cli/run.js';\nexport const x = a;\n")).toHaveLength(1);
  });

  it('fail a deep import across layers, and pass one through the index', async () => {
    expect(await restricted('src/addrinfo/x.ts', "import { a } from '../resolver/cache.js';\nexport const x = a;\n")).toEqual([expect.stringMatching(/Reach another layer through its index.ts only/)]);
    expect(await restricted('src/addrinfo/x.ts', "import { a } from '../resolver/index.js';\nexport const x = a;\n")).toEqual([]);
    expect(await restricted('src/cli/x.ts', "import { a } from '../node/index.js';\nimport { b } from '../errors.js';\nexport const x = [a, b];\n")).toEqual([]);
  });

  it('keep dns-packet inside src/packet/dns-packet.ts', async () => {
    expect(await restricted('src/packet/codec2.ts', "import p from 'dns-packet';\nexport const x = p;\n")).toHaveLength(1);
    expect(await restricted('src/resolver/x.ts', "import p from 'dns-packet';\nexport const x = p;\n")).toHaveLength(1);
    expect(await restricted('src/packet/dns-packet.ts', "import p from 'dns-packet';\nexport const x = p;\n")).toEqual([]);
  });

  it('pass the source tree as it is', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  }, 60_000);
});
