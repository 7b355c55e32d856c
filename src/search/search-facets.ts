import { Sql } from '../core/sql';
import type { MatchRow } from './search-strategy';

/**
 * What the engine counts facets and tiers by, for every search document, held in memory for a data
 * version: kind, year, authorities, node type, date and managers, each column dictionary-coded in a
 * typed array, found by id through a sorted array of ids. Reading them with the matches joined every
 * match to its search_document row: about a millisecond for a window of 501 (the B-tree lookups, not
 * the data), against a few microseconds here. About 12 bytes a document (5 MB at 425,000).
 */

/** The columns held, in the order they are read (after the id). */
const COLUMNS = ['kind', 'year', 'authorities', 'nodeType', 'date', 'managers'] as const;

/** Documents read per statement while loading; between statements the event loop runs. */
const LOAD_CHUNK = 2_000;

type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * A typed array of `length` that holds codes up to `largest`, with `from`'s first `size` codes: the
 * smallest kind that does, so that a column is never held wider than its dictionary needs.
 */
function codesFor(largest: number, length: number, from: Codes | null, size: number): Codes {
  const codes = largest < 0x100 ? new Uint8Array(length) : largest < 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
  if (from) codes.set(from.subarray(0, size));
  return codes;
}

/**
 * A column of values as it loads: each value's code in its dictionary, in an array no wider than the
 * dictionary needs and about as long as the documents (the index's count, grown by a quarter when
 * passed): loading held no more than the result, where growing 32-bit arrays by doubling held four
 * times the result at 425,000 documents (20 MB).
 */
class ColumnLoad {
  private codes: Codes;
  private readonly dictionary = new Map<unknown, number>();

  constructor(capacity: number) {
    this.codes = codesFor(0, capacity, null, 0);
  }

  set(at: number, value: unknown): void {
    let code = this.dictionary.get(value);
    if (code === undefined) this.dictionary.set(value, (code = this.dictionary.size));
    if (at >= this.codes.length || (code === 0x100 && this.codes instanceof Uint8Array) || (code === 0x10000 && this.codes instanceof Uint16Array)) {
      this.codes = codesFor(this.dictionary.size - 1, Math.max(this.codes.length, Math.ceil((at + 1) * 1.25)), this.codes, at);
    }
    this.codes[at] = code;
  }

  /** The codes of the first `size` documents, and the values they code. */
  done(size: number): { codes: Codes; values: unknown[] } {
    return { codes: this.codes.slice(0, size), values: [...this.dictionary.keys()] };
  }
}

export class SearchFacets {
  private constructor(
    private readonly ids: Uint32Array,
    private readonly codes: Codes[],
    private readonly values: unknown[][],
  ) {}

  /** How many documents are held. */
  get size(): number {
    return this.ids.length;
  }

  /** About how many bytes the arrays take (the dictionaries' strings besides). */
  get bytes(): number {
    return this.ids.byteLength + this.codes.reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** The position of a document, or -1 when it is not held. */
  private indexOf(id: number): number {
    let [low, high] = [0, this.ids.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.ids[middle];
      if (at === id) return middle;
      if (at < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Sets every column on each match (read as ids); false when a match is not held (written after the load), and the matches are as they were read. */
  fill(matches: MatchRow[]): boolean {
    const positions = matches.map((m) => this.indexOf(m.id));
    if (positions.includes(-1)) return false;
    // Each column by name: every property and typed array is read at a place of its own, which V8 keeps fast.
    const [kind, year, authorities, nodeType, date, managers] = COLUMNS.map((_, c) => ({ codes: this.codes[c], values: this.values[c] as never[] }));
    for (let i = 0; i < matches.length; i += 1) {
      const [m, at] = [matches[i], positions[i]];
      m.kind = kind.values[kind.codes[at]];
      m.year = year.values[year.codes[at]];
      m.authorities = authorities.values[authorities.codes[at]];
      m.nodeType = nodeType.values[nodeType.codes[at]];
      m.date = date.values[date.codes[at]];
      m.managers = managers.values[managers.codes[at]];
    }
    return true;
  }

  /**
   * Every document's columns, read a chunk of LOAD_CHUNK ids at a time in id order, the event loop
   * running between chunks: at 425,000 documents about a second and a half, no chunk holding the loop
   * more than about 12 ms (5,000 ids a chunk held it up to 36 ms). `expected`: about how many
   * documents there are (the engine passes the index's count), the arrays' first length.
   */
  static async load(sql: Sql, expected = 0): Promise<SearchFacets> {
    let ids = new Uint32Array(expected + LOAD_CHUNK);
    const columns = COLUMNS.map(() => new ColumnLoad(ids.length));
    let [size, last] = [0, 0];
    for (;;) {
      const rows = await sql.arrays('SELECT id, kind, year, authorities, "nodeType", date, managers FROM search_document WHERE id > ? ORDER BY id LIMIT ?', [
        last,
        LOAD_CHUNK,
      ]);
      if (rows.length === 0) break;
      if (size + rows.length > ids.length) {
        const longer = new Uint32Array(Math.ceil((size + rows.length) * 1.25));
        longer.set(ids);
        ids = longer;
      }
      for (const row of rows) {
        ids[size] = Number(row[0]);
        columns.forEach((column, c) => column.set(size, row[c + 1]));
        size += 1;
      }
      last = ids[size - 1];
      await new Promise((resolve) => setImmediate(resolve));
    }
    const loaded = columns.map((c) => c.done(size));
    return new SearchFacets(
      ids.slice(0, size),
      loaded.map((c) => c.codes),
      loaded.map((c) => c.values),
    );
  }
}

/**
 * The facets of a data version as they load: `value` is null until the load has finished (searches
 * meanwhile read the columns with their matches), and stays null if it failed.
 */
export class FacetsLoad {
  value: SearchFacets | null = null;
  /** Settles when the load has finished or failed; never rejects. */
  readonly done: Promise<void>;

  /** `expected`: about how many documents there are (the index's count), for the arrays' first size. */
  constructor(sql: Sql, expected: number) {
    this.done = SearchFacets.load(sql, expected).then(
      (facets) => void (this.value = facets),
      () => undefined,
    );
  }
}
