/**
 * How the suite measures: each side of a comparison runs in rounds, the two sides taking turns
 * (A, B, A, B, ...), so that whatever else the machine is doing falls on both; a side's rate is
 * the median of its rounds. CPU time of this process per operation is kept too: on a shared
 * 2-core machine it moves less than wall-clock rates do.
 */

/** One side's result: operations per second (median of rounds) and CPU microseconds per operation. */
export interface Rate {
  /** Operations per second, the median over rounds. */
  perSecond: number;
  /** CPU time of this process per operation, in microseconds (all rounds together). */
  cpuMicros: number;
  /** Each round's rate, for the record. */
  rounds: number[];
  /** Operations made in all, the warm-up's included (what a row counts failures out of). */
  made: number;
}

/** A timed piece of work: `ops` operations, resolved when done. */
export type Work = () => Promise<number> | number;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `work` once, returning [operations per second, CPU microseconds, operations]. */
async function timed(work: Work): Promise<[number, number, number]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ops = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return [(ops / ms) * 1000, cpu.user + cpu.system, ops];
}

/**
 * Operations each side runs before it is measured, at the least: enough for V8 to have
 * optimised what the side runs. With one round of 5,000 queries as the warm-up, resolvkit's
 * first measured rounds at 10 in flight cost 16.6 to 20.0 µs of CPU a query, against 14 to 15
 * once warm (c-ares's side, mostly C, warms at once); after 40,000 they cost what later rounds
 * do (bench/RESULTS.md, twelfth pass).
 */
const WARM_UP_OPERATIONS = 15_000;

/**
 * Measures the sides in turns: each warmed up (whole calls of it, WARM_UP_OPERATIONS
 * operations at the least), then `rounds` rounds of each, alternating. Returns one Rate per
 * side, in the order given.
 */
export async function compare(rounds: number, ...sides: Work[]): Promise<Rate[]> {
  const made = sides.map(() => 0);
  for (let i = 0; i < sides.length; i++) {
    // A side that reports no operations is run once, as a warm-up of any length would never end.
    do {
      made[i]! += await sides[i]!();
    } while (made[i]! > 0 && made[i]! < WARM_UP_OPERATIONS);
  }
  const rates = sides.map(() => [] as number[]);
  const cpu = sides.map(() => 0);
  const ops = sides.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < sides.length; i++) {
      const [rate, micros, n] = await timed(sides[i]!);
      rates[i]!.push(rate);
      cpu[i]! += micros;
      ops[i]! += n;
    }
  }
  return sides.map((_, i) => ({ perSecond: median(rates[i]!), cpuMicros: cpu[i]! / ops[i]!, rounds: rates[i]!, made: made[i]! + ops[i]! }));
}

/** Repeats a synchronous operation `n` times per call, as a Work of `n` operations. */
export function loop(n: number, op: () => unknown): Work {
  return () => {
    for (let i = 0; i < n; i++) op();
    return n;
  };
}

/** Repeats an asynchronous operation `n` times, one after another, as a Work of `n` operations. */
export function serial(n: number, op: (i: number) => Promise<unknown>): Work {
  return async () => {
    for (let i = 0; i < n; i++) await op(i);
    return n;
  };
}

/** Failed operations, counted rather than thrown (a query lost at 1,000 in flight is an outcome). */
export interface Tally {
  failed: number;
}

/** Runs `total` operations with `concurrency` of them in flight at a time; failures go to `tally`. */
export function inFlight(total: number, concurrency: number, op: () => Promise<unknown>, tally?: Tally): Work {
  return async () => {
    let started = 0;
    const worker = async () => {
      while (started < total) {
        started++;
        if (tally === undefined) await op();
        else await op().catch(() => tally.failed++);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    return total;
  };
}
