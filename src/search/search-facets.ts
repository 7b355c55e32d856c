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

/** Codes in the smallest typed array that holds `distinct` values. */
function compact(codes: Uint32Array, distinct: number): Codes {
  if (distinct <= 0x100) return Uint8Array.from(codes);
  if (distinct <= 0x10000) return Uint16Array.from(codes);
  return codes;
}

/** A growable Uint32Array (the count of documents is not known before the last chunk). */
function grown(array: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const bigger = new Uint32Array(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
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
   * more than about 12 ms (5,000 ids a chunk held it up to 36 ms).
   */
  static async load(sql: Sql): Promise<SearchFacets> {
    let ids: Uint32Array<ArrayBuffer> = new Uint32Array(LOAD_CHUNK);
    let codes: Uint32Array<ArrayBuffer>[] = COLUMNS.map(() => new Uint32Array(LOAD_CHUNK));
    const dictionaries = COLUMNS.map(() => new Map<unknown, number>());
    let [size, last] = [0, 0];
    for (;;) {
      const rows = await sql.arrays('SELECT id, kind, year, authorities, "nodeType", date, managers FROM search_document WHERE id > ? ORDER BY id LIMIT ?', [
        last,
        LOAD_CHUNK,
      ]);
      if (rows.length === 0) break;
      ids = grown(ids, size + rows.length);
      codes = codes.map((c) => grown(c, size + rows.length));
      for (const row of rows) {
        ids[size] = Number(row[0]);
        dictionaries.forEach((dictionary, c) => {
          const value = row[c + 1];
          let code = dictionary.get(value);
          if (code === undefined) dictionary.set(value, (code = dictionary.size));
          codes[c][size] = code;
        });
        size += 1;
      }
      last = ids[size - 1];
      await new Promise((resolve) => setImmediate(resolve));
    }
    return new SearchFacets(
      ids.slice(0, size),
      codes.map((c, i) => compact(c.subarray(0, size), dictionaries[i].size)),
      dictionaries.map((d) => [...d.keys()]),
    );
  }
}

/**
 * The facets of a data version as they load: `value` is null until the load has finished (searches
 * meanwhile read the columns with their matches), and stays null if it failed (`error` says why).
 */
export class FacetsLoad {
  value: SearchFacets | null = null;
  error: Error | null = null;
  /** Settles when the load has finished or failed; never rejects. */
  readonly done: Promise<void>;

  constructor(sql: Sql) {
    this.done = SearchFacets.load(sql).then(
      (facets) => void (this.value = facets),
      (error: Error) => void (this.error = error),
    );
  }
}
