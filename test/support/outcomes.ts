/**
 * Small helpers the tests share: the error a promise rejects with, the EAI code of a
 * getaddrinfo-style call, and a clock the test moves by hand.
 */
import { AddrInfoError, DnsError } from '../../src/errors.js';

/** The DnsError `p` rejects with; anything else (or no rejection) fails the test. */
export async function failure(p: Promise<unknown>): Promise<DnsError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DnsError) return err;
    throw err;
  }
  throw new Error('expected the query to fail');
}

/** 'resolved', or the EAI code `p` rejects with; any other rejection fails the test. */
export async function eaiCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    if (e instanceof AddrInfoError) return e.code;
    throw e;
  }
}

/** A clock the test moves by hand, in milliseconds. */
export function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}
