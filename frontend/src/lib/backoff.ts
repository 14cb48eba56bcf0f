// How long to wait before trying again when the check of the stored token gets no answer (the
// live stream has the same, in conduit-sdk/live).

/** Milliseconds to wait before the n-th consecutive retry (n ≥ 1): 1 s, 2 s, 4 s ... up to
 * 30 s, each shortened by up to a half so that clients cut off by the same server restart do
 * not all come back in the same instant. */
export function backoff(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** (Math.max(1, failures) - 1));
  return Math.round(ceiling * (1 - random() / 2));
}
