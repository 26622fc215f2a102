/**
 * The resolver's clock for its cache: performance.now(), read at most once per turn of the
 * event loop. Reading the clock costs more than the rest of a cache hit; within one turn the
 * difference is immaterial to TTLs counted in seconds (lru-cache's ttlResolution makes the same
 * trade). It lives here, in the I/O shell, because it schedules work on the event loop.
 */
let turnNow = -1;
const forgetTurnNow = () => {
  turnNow = -1;
};

/** Milliseconds, as performance.now(), the same value for the rest of this event-loop turn. */
export function turnClock(): number {
  if (turnNow < 0) {
    turnNow = performance.now();
    setImmediate(forgetTurnNow);
  }
  return turnNow;
}
