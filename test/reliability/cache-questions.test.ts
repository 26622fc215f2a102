/**
 * Invalid questions are refused before the cache is consulted: '..' once answered with the
 * root's cached answer, 'CH A' with a cached CHAOS answer. And the memo of question keys keeps
 * nothing for them (4,000 invalid 64 KB names once cost 251 MB, even after clearCache).
 */
import { describe, expect, it } from 'vitest';
import { getaddrinfo } from '../../src/addrinfo/getaddrinfo.js';
import { createConfig } from '../../src/env/config.js';
import { RES_NOCACHE } from '../../src/env/flags.js';
import { ArgumentError } from '../../src/errors.js';
import { Resolver } from '../../src/index.js';
import { KeyMemo } from '../../src/resolver/cache.js';
import { failure } from '../support/outcomes.js';
import { reply, ScriptedTransport } from '../support/scripted-transport.js';

function setup() {
  const transport = new ScriptedTransport(({ query }) =>
    reply(query, { aa: true, answers: [{ name: query.questions[0]!.name, type: query.questions[0]!.type, class: query.questions[0]!.class, ttl: 300, data: query.questions[0]!.type === 'A' ? '192.0.2.1' : { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 } }] }),
  );
  const resolver = new Resolver({ config: createConfig({ resolvConf: 'nameserver 127.0.0.1\n' }), transport });
  return { transport, resolver };
}

describe('questions that could never be asked', () => {
  it("'..' is EBADNAME even when the root is cached", async () => {
    const { resolver, transport } = setup();
    expect((await resolver.query('.', 'SOA')).fromCache).toBe(false);
    expect((await resolver.query('.', 'SOA')).fromCache).toBe(true);
    expect(await failure(resolver.query('..', 'SOA'))).toMatchObject({ code: 'EBADNAME' });
    expect(await failure(resolver.query('', 'SOA').then(() => resolver.query('a..b', 'SOA')))).toMatchObject({ code: 'EBADNAME' });
    expect(transport.exchanges).toHaveLength(1);
  });

  it("a type 'CH A' is an argument error even when a CHAOS answer is cached", async () => {
    const { resolver } = setup();
    await resolver.query('version.test', 'A', { class: 'CH' });
    expect((await resolver.query('version.test', 'A', { class: 'CH' })).fromCache).toBe(true);
    expect(() => resolver.query('version.test', 'CH A')).toThrow(ArgumentError);
  });

  it("getaddrinfo('...') is refused after the root is cached", async () => {
    const { resolver } = setup();
    await resolver.query('.', 'A');
    const code = await getaddrinfo('...', null, {}, { resolver }).then(
      () => 'resolved',
      (e: unknown) => (e as { code: string }).code,
    );
    expect(code).toBe('EAI_NONAME');
  });
});

describe('the memo of question keys', () => {
  it('remembers nothing for an invalid question', () => {
    const memo = new KeyMemo(100);
    const huge = 'x'.repeat(65536);
    expect(memo.key(huge, 'A', 'IN', false)).toBeUndefined();
    expect(memo.remembers(huge, 'A', 'IN', false)).toBe(false);
    expect(memo.key('ok.test', 'CH A', 'IN', false)).toBeUndefined();
    expect(memo.key('ok.test', 'A', 'NOPE', false)).toBeUndefined();
    // A valid one has a key, which the resolver remembers once its answer is stored.
    const key = memo.key('ok.test', 'A', 'IN', false);
    expect(key).toBe('IN/A/0/ok.test');
    memo.remember('ok.test', 'A', 'IN', false, key!);
    expect(memo.remembers('ok.test', 'A', 'IN', false)).toBe(true);
  });

  it('keeps keys only for answers the cache may keep: not for a RES_NOCACHE query', async () => {
    const { resolver } = setup();
    const keys = () => (resolver as unknown as { keys: KeyMemo }).keys;
    await resolver.query('ok.test', 'A', { flags: RES_NOCACHE });
    expect(keys().remembers('ok.test', 'A', 'IN', false)).toBe(false);
    await resolver.query('ok.test', 'A');
    expect(keys().remembers('ok.test', 'A', 'IN', false)).toBe(true);
  });

  it('is emptied by clearCache', async () => {
    const { resolver } = setup();
    await resolver.query('ok.test', 'A');
    resolver.clearCache();
    expect((resolver as unknown as { keys: KeyMemo }).keys.remembers('ok.test', 'A', 'IN', false)).toBe(false);
  });
});

describe('the memo learns the names of stored answers only', () => {
  it('names whose answers are not kept (no AA) leave nothing; a kept one is found in any spelling', async () => {
    let aa = false;
    const transport = new ScriptedTransport(({ query }) => reply(query, { aa, answers: [{ name: query.questions[0]!.name, type: 'A', class: 'IN', ttl: 300, data: '192.0.2.1' }] }));
    const resolver = new Resolver({ config: createConfig({ resolvConf: 'nameserver 127.0.0.1\n' }), transport });
    const memo = (resolver as unknown as { keys: KeyMemo }).keys;
    for (let i = 0; i < 50; i++) expect((await resolver.resolve4(`r${i}.test`)).length).toBe(1);
    expect(Array.from({ length: 50 }, (_, i) => memo.remembers(`r${i}.test`, 'A', 'IN', false)).filter(Boolean)).toEqual([]);
    expect(resolver.cacheStats().size).toBe(0);
    aa = true;
    await resolver.resolve4('kept.test');
    expect(memo.remembers('kept.test', 'A', 'IN', false)).toBe(true);
    // Other spellings are not learnt, but their keys are made and find the answer.
    expect((await resolver.query('KEPT.Test.', 'A')).fromCache).toBe(true);
    expect(await resolver.resolve4('Kept.TEST')).toEqual(['192.0.2.1']);
    expect(transport.exchanges).toHaveLength(51);
  });
});
