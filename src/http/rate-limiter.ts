import http from 'node:http';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { ClientBudget } from '../api/context';
import { Logger } from '../core/logger';
import { postgresUrlOf } from '../core/dialect';
import { HttpError } from './http-error';
import { PostgresBudgetStore } from './postgres-budget-store';

/** Clients followed at once: entries are of a fixed size (an address and two numbers), about 10 MB at most. */
const MAX_CLIENTS = 100_000;
const WINDOW_MS = 60_000;

/** Where a client stands: points left in this minute and seconds until the minute resets. */
export interface ClientState {
  remaining: number;
  resetSeconds: number;
}

/** One request's budget: what it reserves before running is settled against what it is charged. */
export type RequestBudget = ClientBudget & { settle(charged: number): Promise<void> };

/**
 * Where the counters live: in this process (SQLite, one server) or in the shared database (PostgreSQL,
 * any number of replicas). A fixed window of WINDOW_MS per client either way.
 */
export interface BudgetStore {
  state(client: string): Promise<ClientState>;
  /** Adds `points` to what the client spent, whatever is left; where it stands after. */
  spend(client: string, points: number): Promise<ClientState>;
  budgetOf(client: string): RequestBudget;
  close(): Promise<void>;
}

/** The client a request is charged to: its IP address. */
export function clientOf(req: http.IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

interface Window {
  start: number;
  spent: number;
}

/**
 * Counters in this process, for SQLite. Clients are kept in an LRU of MAX_CLIENTS; a client dropped from
 * it had its window expire or was the least recently seen of a hundred thousand. Synchronous inside: its
 * promises are resolved already, so a request waits for no I/O.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly windows = new LRUCache<string, Window>({ max: MAX_CLIENTS });

  constructor(
    readonly pointsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private windowOf(client: string): Window {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, spent: 0 };
      this.windows.set(client, window);
    }
    return window;
  }

  private stateOf(client: string): ClientState {
    const window = this.windowOf(client);
    return {
      remaining: Math.max(0, this.pointsPerMinute - window.spent),
      resetSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - this.now()) / 1000)),
    };
  }

  state(client: string): Promise<ClientState> {
    return Promise.resolve(this.stateOf(client));
  }

  spend(client: string, points: number): Promise<ClientState> {
    this.windowOf(client).spent += points;
    return this.state(client);
  }

  budgetOf(client: string): RequestBudget {
    let reserved = 0;
    let window: Window | null = null;
    return {
      limit: this.pointsPerMinute,
      reserve: (points) => {
        const current = this.windowOf(client);
        if (current.spent + points > this.pointsPerMinute) return Promise.resolve(false);
        current.spent += points;
        reserved += points;
        window = current;
        return Promise.resolve(true);
      },
      state: () => this.state(client),
      settle: (charged) => {
        // A reservation made in a window that has since reset is not refunded into the new one.
        const current = this.windowOf(client);
        if (window === current) current.spent = Math.max(0, current.spent - reserved);
        current.spent += charged;
        reserved = 0;
        return Promise.resolve();
      },
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Cost points per client per minute, for every route that reads the database: GraphQL reserves a
 * query's estimate before it runs and settles it after; charts and exports are admitted while the
 * client has points left and charged what they drew or ran. A client past its budget is answered 429
 * RATE_LIMITED with Retry-After; every answer carries x-ratelimit-limit, -remaining and -reset.
 */
export class RateLimiter {
  constructor(
    readonly pointsPerMinute: number,
    private readonly store: BudgetStore,
  ) {}

  state(client: string): Promise<ClientState> {
    return this.store.state(client);
  }

  spend(client: string, points: number): Promise<ClientState> {
    return this.store.spend(client, points);
  }

  budgetOf(client: string): RequestBudget {
    return this.store.budgetOf(client);
  }

  async headers(client: string): Promise<Record<string, string>> {
    return this.headersOf(await this.state(client));
  }

  headersOf({ remaining, resetSeconds }: ClientState): Record<string, string> {
    return { 'x-ratelimit-limit': String(this.pointsPerMinute), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) };
  }

  /** Throws 429 RATE_LIMITED, with Retry-After and the x-ratelimit headers, when the client has no points left this minute. */
  async admit(client: string): Promise<void> {
    const state = await this.state(client);
    if (state.remaining > 0) return;
    throw new HttpError(
      429,
      `Rate limit of ${this.pointsPerMinute} cost points a minute reached; retry in ${state.resetSeconds} s`,
      'RATE_LIMITED',
      { 'retry-after': String(state.resetSeconds), ...this.headersOf(state) },
      { limit: this.pointsPerMinute },
    );
  }

  /**
   * Runs a route's work if the client has points left, then charges it `pointsOf` its result (one point
   * when the work fails). The work is not cut short: a client with one point left may spend more once.
   */
  async charged<T>(client: string, work: () => Promise<T>, pointsOf: (result: T) => number): Promise<T> {
    await this.admit(client);
    let points = 1;
    try {
      const result = await work();
      points = pointsOf(result);
      return result;
    } finally {
      await this.spend(client, Math.max(1, points));
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The rate limiter for a DataSource, the one place that asks its dialect: on PostgreSQL the counters
 * live in the shared database, so N replicas give a client one budget; on SQLite, in this process.
 */
export function createRateLimiter(dataSource: DataSource, pointsPerMinute: number, logger: Logger): RateLimiter {
  // The URL that createDataSource (ormconfig.ts) builds every PostgreSQL DataSource from.
  const url = postgresUrlOf(dataSource);
  const store = url
    ? new PostgresBudgetStore({ connectionString: url }, pointsPerMinute, WINDOW_MS, new MemoryBudgetStore(pointsPerMinute), logger)
    : new MemoryBudgetStore(pointsPerMinute);
  return new RateLimiter(pointsPerMinute, store);
}
