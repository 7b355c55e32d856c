import { ApolloServerPlugin } from '@apollo/server';
import { stripIgnoredCharacters } from 'graphql';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { LRUCache } from 'lru-cache';
import { Context } from '../api/context';
import { QueryCost } from '../core/query-analysis';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * A whole answer as it went out, without its `extensions.cost` (what the client was charged differs on
 * every sending): status, the headers Apollo set, the body bytes up to where the cost goes, and the
 * entity tag of the answer without it.
 */
export interface CachedResponse {
  status: number;
  /** Apollo's headers, without the content length, as a flat [name, value, …] list for writeHead. */
  head: string[];
  /** The body without its extensions and its closing brace: `extensions` is written after them. */
  bytes: Buffer;
  etag: string;
  /** The estimate the query was admitted on when it ran. */
  estimated: QueryCost;
}

/** An answer ready to send again: its body (its extensions dropped) encoded once, its headers listed once. */
export function cachedResponse(headers: Record<string, string>, body: string, version: number, estimated: QueryCost): CachedResponse {
  const { extensions: _charged, ...answer } = JSON.parse(body) as Record<string, unknown>;
  const whole = JSON.stringify(answer);
  const head: string[] = [];
  for (const name in headers) if (name !== 'content-length') head.push(name, headers[name]);
  return {
    status: 200,
    head,
    bytes: Buffer.from(whole.slice(0, -1), 'utf8'),
    etag: entityTag(version, whole),
    estimated: { nodes: estimated.nodes, cost: estimated.cost },
  };
}

/** The body of a cached answer with `extensions.cost` for this sending, and its length. */
export function answerBody(answer: CachedResponse, cost: object): { chunks: Buffer[]; length: number } {
  const tail = Buffer.from(`,"extensions":{"cost":${JSON.stringify(cost)}}}`, 'utf8');
  return { chunks: [answer.bytes, tail], length: answer.bytes.length + tail.length };
}

/**
 * A reading taken once per turn of the event loop: the requests that arrived together share it, and the
 * next turn reads afresh (a load committed by another process in between is seen by the next request).
 */
export function perTurn<T>(read: () => T | Promise<T>): () => Promise<T> {
  let current: Promise<T> | null = null;
  return () => {
    if (!current) {
      current = Promise.resolve(read());
      setImmediate(() => (current = null));
    }
    return current;
  };
}

/** The parts of a GraphQL request that decide its answer. */
export interface GraphQLParams {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

/** JSON with object keys sorted at every depth: equal values give equal text whatever order they were sent in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The query, operation name and variables of a GET (from the URL) or a POST (from the parsed body);
 * null when they are missing or malformed, which Apollo then answers with its own error.
 */
export function graphQLParams(method: string | undefined, body: unknown, url: URL): GraphQLParams | null {
  let query: unknown;
  let operationName: unknown;
  let variables: unknown;
  if (method === 'GET') {
    query = url.searchParams.get('query');
    operationName = url.searchParams.get('operationName');
    const raw = url.searchParams.get('variables');
    if (raw !== null && raw !== '') {
      try {
        variables = JSON.parse(raw);
      } catch {
        return null;
      }
    }
    if (url.searchParams.has('extensions')) return null;
  } else if (method === 'POST' && body && typeof body === 'object' && !Array.isArray(body)) {
    ({ query, operationName, variables } = body as Record<string, unknown>);
    if ((body as Record<string, unknown>).extensions !== undefined) return null;
  } else return null;
  if (typeof query !== 'string' || query === '') return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return {
    query,
    operationName: (operationName as string | null | undefined) ?? null,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
  };
}

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Whether the request passes Apollo's CSRF prevention for certain (a content type a browser would
 * preflight, or one of its preflight headers): only such requests are answered from the cache, so a
 * cached answer is never given to a request Apollo would refuse.
 */
export function passesCsrfPrevention(req: http.IncomingMessage): boolean {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';')[0].trim().toLowerCase();
    if (/^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+$/.test(essence) && !SIMPLE_CONTENT_TYPES.includes(essence)) return true;
  }
  return ['x-apollo-operation-name', 'apollo-require-preflight'].some((name) => {
    const value = req.headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}

/** Whether an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** A strong entity tag: the data version and a digest of the bytes, the same on every replica and after a restart. */
export function entityTag(version: number, body: string): string {
  return `"${version}-${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Whole answers to repeated queries, bounded in bytes, the least used dropped first (second chance). Keyed by the
 * normalised document, the operation name, the variables and the response media type; every entry
 * belongs to one data version, and when the version moves (a load changed data) the cache empties.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { size: number; used: boolean }>();
  /**
   * Keys asked for once: an answer is kept on its second request, so one-off queries do not crowd out
   * repeated ones. Keys are digests of a fixed length, so the count bounds the bytes (about 2 MB).
   */
  private readonly seen = new LRUCache<string, true>({ max: 20_000 });
  /** A query text's normalised document, as a digest; bounded by the bytes of the texts kept. */
  private readonly normalised = new LRUCache<string, string>({ maxSize: 4 * 1024 * 1024, sizeCalculation: (_value, key) => key.length * 2 + 100 });
  private version: number | null = null;
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  /**
   * The cache key of a request: a digest of the normalised document (whitespace, commas and comments do
   * not count), the operation name, the variables and the response media type. Its length is fixed,
   * however large the variables are.
   */
  key(params: GraphQLParams, accept: string | undefined): string | null {
    let document = this.normalised.get(params.query);
    if (document === undefined) {
      try {
        document = digest(stripIgnoredCharacters(params.query));
      } catch {
        return null; // not even lexable: Apollo gives the syntax error
      }
      this.normalised.set(params.query, document);
    }
    return digest(`${accept ?? ''}\u0000${params.operationName ?? ''}\u0000${document}\u0000${params.variables ? canonicalJson(params.variables) : ''}`);
  }

  private follow(version: number) {
    if (version !== this.version) {
      this.entries.clear();
      this.seen.clear();
      this.bytes = 0;
      this.version = version;
    }
  }

  get(key: string, version: number): CachedResponse | undefined {
    this.follow(version);
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    entry.used = true;
    return entry;
  }

  /**
   * Keeps an answer built at `version`, from the second time its key is asked for; ignored when the data
   * moved on while it was being built.
   */
  set(key: string, version: number, response: CachedResponse): void {
    this.follow(version);
    if (!this.seen.has(key)) {
      this.seen.set(key, true);
      return;
    }
    this.seen.delete(key);
    const size = key.length * 2 + response.bytes.length + response.head.reduce((sum, part) => sum + part.length * 2, 0) + 256;
    if (size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { ...response, size, used: false });
    this.bytes += size;
    // Second chance: the oldest entry goes unless it was used since it was last looked at, in which
    // case it moves to the back once (a hit costs a flag, not a reordering).
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else this.bytes -= entry.size;
    }
  }

  get stats() {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses, version: this.version };
  }
}

/** Marks answers that may be cached: a query (the schema has no mutations, but say so) answered without errors. */
export function responseCachePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors, response, contextValue }) {
          contextValue.outcome.cacheable =
            operation?.operation === 'query' && !errors?.length && response.body.kind === 'single' && !response.body.singleResult.errors?.length;
        },
      };
    },
  };
}
