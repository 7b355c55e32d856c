/**
 * "Quickly", measured on a shared machine: a hostile request is timed side by side with a harmless one
 * of the same size, the two sent in turn, and the fastest try of each is compared. Sending the bytes is
 * the same work for both, and a machine busy with other work slows both alike, the hostile one's
 * extra work most: on a loaded CI machine a 40-level bomb took 141 ms against 26 ms for the harmless
 * query, where an idle one takes 17 against 7. So the bound, QUICK_MARGIN_MS plus five times the
 * harmless time, catches the class these specs are about, a server that blocks on what it should
 * refuse (an exponential analysis takes seconds, or forever), and not the machine's noise. How fast a
 * refusal is, against its 50 ms target, is measured by `npm run bench:refusals`.
 */
export const QUICK_MARGIN_MS = 250;

/** What a try reports: its time in milliseconds, and whatever else the caller reads from it. */
export interface Timed {
  ms: number;
}

/** The bound a hostile request's fastest try must be under, given the harmless one's fastest. */
export const quickBound = (harmlessMs: number) => QUICK_MARGIN_MS + 5 * harmlessMs;

/** The fastest of some tries' times. */
export const fastest = (times: number[]) => Math.min(...times);

/** A `{ __typename }` request body padded with JSON whitespace to the byte length of `body`. */
export function harmlessBodyOfSize(body: string): string {
  const harmless = '{"query":"{ __typename }"}';
  return harmless + ' '.repeat(Math.max(0, Buffer.byteLength(body) - harmless.length));
}

/** A `{ __typename }` query padded with GraphQL whitespace to the byte length of `query`. */
export function harmlessQueryOfSize(query: string): string {
  const harmless = '{ __typename }';
  return harmless + ' '.repeat(Math.max(0, Buffer.byteLength(query) - harmless.length));
}

/**
 * Runs `hostile` and `harmless` in turn, `tries` times each; returns every try of each. A hostile try
 * for which `stop` says so ends the tries (a server that no longer answers).
 */
export async function sideBySide<H extends Timed, B extends Timed>(
  hostile: () => Promise<H>,
  harmless: () => Promise<B>,
  options: { tries?: number; stop?: (hostileTry: H) => boolean } = {},
): Promise<{ hostile: H[]; harmless: B[] }> {
  const tries = { hostile: [] as H[], harmless: [] as B[] };
  for (let i = 0; i < (options.tries ?? 5); i += 1) {
    tries.hostile.push(await hostile());
    if (options.stop?.(tries.hostile[i])) break;
    tries.harmless.push(await harmless());
  }
  return tries;
}
