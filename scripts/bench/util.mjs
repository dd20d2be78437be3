// Small helpers every part of the bench uses.
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const T0 = Date.now();
/** Progress goes to stderr, so that stdout holds only the table and the `bench:` line. */
export const log = (...a) => console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(3)} s]`, ...a);

/** Rejects after `t` ms, so a stuck page gives a figure of "timed out" instead of hanging the run. */
export function within(promise, t, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`${what}: timed out after ${t} ms`), { timedOut: true })), t);
    }),
  ]);
}

/** One run of a repeated figure: its number, or NaN (said on stderr) when that run failed, so the others still count. */
export async function orNaN(what, run) {
  try {
    return await run();
  } catch (e) {
    log(`${what}: ${e.message.split("\n")[0]}`);
    return NaN;
  }
}
