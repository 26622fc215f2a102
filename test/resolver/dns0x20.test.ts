/**
 * DNS 0x20 (ResolverOptions.dns0x20): the query's name goes out in random case, and only a
 * reply that repeats the question in exactly that case is taken; what callers see is as
 * without it. Scripted transport and fake clock: every reply goes through the real ReplyJudge.
 */
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { ArgumentError } from '../../src/errors.js';
import { AI_CANONNAME } from '../../src/addrinfo/constants.js';
import { getaddrinfo } from '../../src/addrinfo/getaddrinfo.js';
import { canonicalName, randomCase, type Message } from '../../src/packet/index.js';
import { Resolver, type ResolverOptions } from '../../src/index.js';
import { failure } from '../support/outcomes.js';
import { answer, reply, ScriptedTransport, type Script } from '../support/scripted-transport.js';

const config = createConfig({ resolvConf: 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n' });
const NAME = 'Mixed-Case.Resolvkit.Example.test';

function setup(script: Script, options: Omit<ResolverOptions, 'transport'> = {}) {
  const transport = new ScriptedTransport(script);
  const resolver = new Resolver({ config, transport, now: transport.now, dns0x20: true, ...options });
  return { transport, resolver };
}

const asSent = (query: Message) => query.questions[0]!.name;
const ok = (query: Message) => reply(query, { answers: [answer(query, '192.0.2.20')] });

describe('randomCase', () => {
  it('changes only the case of ASCII letters, at random', () => {
    const name = 'abcdefghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ.0-9_\\065\\.x';
    const spellings = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = randomCase(name);
      expect(canonicalName(r)).toBe(canonicalName(name));
      expect(r.replace(/[A-Za-z]/g, '')).toBe(name.replace(/[A-Za-z]/g, ''));
      spellings.add(r);
    }
    // 53 letters: twenty spellings alike would be a 2^-1000 chance.
    expect(spellings.size).toBe(20);
  });
});

describe('dns0x20', () => {
  it('sends the name in random case, takes the reply that repeats it, and gives back the name as asked', async () => {
    const { transport, resolver } = setup(({ query }) => ok(query));
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await resolver.query(NAME, 'A'));
    const sent = transport.exchanges.map((e) => asSent(e.query));
    expect(new Set(sent).size).toBe(4); // 29 letters, four spellings
    for (const s of sent) expect(canonicalName(s)).toBe(canonicalName(NAME));
    for (const r of results) {
      expect(r.questions[0]!.name).toBe(NAME);
      expect(r.answers.map((rr) => rr.data)).toEqual(['192.0.2.20']);
    }
  });

  it('ignores a reply whose question is the same name in another case (as a forger who cannot see the query would send)', async () => {
    const { transport, resolver } = setup(({ query }) => [
      reply(query, { questions: [{ ...query.questions[0]!, name: NAME.toLowerCase() }], answers: [{ ...answer(query, '203.0.113.66'), name: NAME.toLowerCase() }] }),
      'timeout',
    ]);
    expect((await failure(resolver.query(NAME, 'A'))).code).toBe('ETIMEOUT');
    expect(transport.exchanges).toHaveLength(1);
    // Without it, the same reply is taken.
    const plain = setup(({ query }) => reply(query, { questions: [{ ...query.questions[0]!, name: NAME.toLowerCase() }], answers: [{ ...answer(query, '203.0.113.66'), name: NAME.toLowerCase() }] }), { dns0x20: false });
    expect((await plain.resolver.query(NAME, 'A')).answers[0]!.data).toBe('203.0.113.66');
  });

  it('answers and the cache are as without it (a hit for another spelling), and getaddrinfo gives the name as asked', async () => {
    const { transport, resolver } = setup(({ query }) => reply(query, { aa: true, answers: [answer(query, '192.0.2.21')] }));
    expect(await resolver.resolve4(NAME)).toEqual(['192.0.2.21']);
    expect(await resolver.resolve4(NAME.toUpperCase())).toEqual(['192.0.2.21']); // from the cache
    expect(transport.exchanges).toHaveLength(1);
    const [first] = await getaddrinfo(NAME, null, { family: 4, flags: AI_CANONNAME }, { resolver });
    expect(first?.canonname).toBe(NAME);
  });

  it('must be true or false', () => {
    expect(() => new Resolver({ config, dns0x20: 'yes' as never })).toThrow(ArgumentError);
  });
});
