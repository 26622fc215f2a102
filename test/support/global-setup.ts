/**
 * vitest globalSetup for the integration project: one authoritative named and
 * one forwarder in front of it for the whole run, shared by every test file,
 * then stopped at the end.
 *
 * Sharing saves a named start per file; the price is that tests must treat
 * these servers as read-only apart from dynamic updates under names unique to
 * the test. Anything that stops, pauses or reconfigures a server uses its own
 * startNamed().
 */
import type { TestProject } from 'vitest/node';
import './context.js';
import { startNamed, type NamedInstance } from './named.js';

/** Starts the shared servers and provides their addresses, ports and keys; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: NamedInstance[] = [];
  const teardown = async (): Promise<void> => {
    // Forwarder first, so it never sees its upstream vanish mid-query.
    for (const server of started.reverse()) await server.stop();
  };
  try {
    const named = await startNamed();
    started.push(named);
    const forwarder = await startNamed({ forwarder: { address: named.address, port: named.port } });
    started.push(forwarder);

    project.provide('named', {
      address: named.address,
      port: named.port,
      endpoints: [...named.endpoints],
      ipv6: named.ipv6,
      keys: named.keys,
      restrictedKeys: named.restrictedKeys,
      dir: named.dir,
      logFile: named.logFile,
    });
    project.provide('namedForwarder', {
      address: forwarder.address,
      port: forwarder.port,
      endpoints: [...forwarder.endpoints],
      ipv6: forwarder.ipv6,
      upstream: { address: named.address, port: named.port },
      logFile: forwarder.logFile,
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
