/**
 * One query to a test server, built and decoded by src/packet and sent by the resolver's UDP
 * transport (which accepts only a reply with the query's ID and question, from that server).
 * The harness uses it to see that a named is up; harness tests use it to check the fixtures.
 */
import { isIPv6 } from 'node:net';
import { buildQuery, type QueryOptions } from '../../src/packet/query.js';
import type { Message } from '../../src/packet/types.js';
import { udpExchange } from '../../src/resolver/transport-udp.js';

/** Asks `address`#`port` for `name`/`type` over UDP (no recursion unless asked) and resolves with the decoded reply. */
export async function ask(
  address: string,
  port: number,
  name: string,
  type: string,
  options: QueryOptions = {},
  timeoutMs = 1000,
): Promise<Message> {
  const reply = await udpExchange({
    server: { address, port, family: isIPv6(address) ? 6 : 4 },
    build: (id) => buildQuery(name, type, { recursionDesired: false, ...options, id }),
    expected: { name: name.toLowerCase(), type, class: 'IN' },
    timeoutMs,
  });
  return reply.message;
}
