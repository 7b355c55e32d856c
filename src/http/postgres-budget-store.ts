import { Pool, PoolConfig } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../core/logger';
import type { BudgetStore, ClientState, RequestBudget } from './rate-limiter';

/** The table of migration RateLimit1763900000006, in rate-limiter-flexible's layout. */
const TABLE = 'rate_limit';
/** Connections of the limiter's own pool: each operation is one short statement. */
const POOL_SIZE = 4;
/** How long a connection or a statement may take before the store counts as unreachable. */
const STORE_TIMEOUT_MS = 1000;
/** After a failure, the per-replica counters are used this long before the shared store is tried again. */
const RETRY_AFTER_FAILURE_MS = 5000;
/** How often rows of minutes that have ended are deleted (by every replica; the delete is idempotent). */
const CLEANUP_INTERVAL_MS = 5 * 60_000;

/**
 * Counters in the shared PostgreSQL database (rate-limiter-flexible's RateLimiterPostgres: one atomic
 * upsert per change), so that every replica charges a client's one budget.
 *
 * It has a small pool of its own rather than TypeORM's: a refusal or a settlement never waits behind data
 * queries for a connection, and its short timeouts let an unreachable database be noticed in a second.
 * While the store fails, each replica counts in its own memory (the same budget per replica, logged once
 * per outage) and tries the store again after RETRY_AFTER_FAILURE_MS: a client is never unlimited, and a
 * fault of the counters alone refuses no one.
 */
export class PostgresBudgetStore implements BudgetStore {
  private readonly pool: Pool;
  private readonly counters: RateLimiterPostgres;
  private readonly cleanup: NodeJS.Timeout;
  private unavailableUntil = 0;
  private outage = false;
  /**
   * Each client's operations in this process, one after another. A take past the limit adds its points
   * before giving them back: run in turn, no read of the client's state sees that moment and refuses a
   * request the budget has room for. (Another replica may still see it, for one round trip.)
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    connection: PoolConfig,
    private readonly pointsPerMinute: number,
    private readonly windowMs: number,
    private readonly fallback: BudgetStore,
    private readonly logger: Logger,
  ) {
    // Counters are not worth a WAL flush per request: a crash of the database may lose the last moment's
    // counts, never their consistency.
    this.pool = new Pool({
      ...connection,
      options: '-c synchronous_commit=off',
      max: POOL_SIZE,
      connectionTimeoutMillis: STORE_TIMEOUT_MS,
      query_timeout: STORE_TIMEOUT_MS,
      allowExitOnIdle: true,
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'rate limit store: an idle connection failed'));
    this.counters = new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: 'cost',
      points: pointsPerMinute,
      duration: windowMs / 1000,
    });
    this.cleanup = setInterval(() => void this.deleteEnded(), CLEANUP_INTERVAL_MS).unref();
  }

  /** Runs `shared` on the store, or `local` on this replica's counters while the store is failing. */
  private async guarded<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (Date.now() < this.unavailableUntil) return local();
    try {
      const result = await shared();
      if (this.outage) this.logger.info('rate limit store reachable again: one budget across replicas');
      this.outage = false;
      return result;
    } catch (error) {
      this.unavailableUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      if (!this.outage) this.logger.warn({ err: error }, 'rate limit store unreachable: each replica counts its clients in memory until it answers');
      this.outage = true;
      return local();
    }
  }

  private stateOf(res: RateLimiterRes | null): ClientState {
    if (!res) return { remaining: this.pointsPerMinute, resetSeconds: this.windowMs / 1000 };
    return { remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  /** Runs `work` once the client's earlier operations in this process are done. */
  private inTurn<T>(client: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(client) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(client, settled);
    void settled.then(() => {
      if (this.turns.get(client) === settled) this.turns.delete(client);
    });
    return next;
  }

  state(client: string): Promise<ClientState> {
    return this.guarded(
      async () => this.stateOf(await this.inTurn(client, () => this.counters.get(client))),
      () => this.fallback.state(client),
    );
  }

  spend(client: string, points: number): Promise<ClientState> {
    return this.guarded(
      async () => this.stateOf(await this.inTurn(client, () => this.counters.penalty(client, Math.ceil(points)))),
      () => this.fallback.spend(client, points),
    );
  }

  /**
   * Takes `points` if they fit: the upsert adds them and answers the new total, and when it is past the
   * limit they are given back (for that moment a concurrent request sees them spent, and may be refused).
   */
  private take(client: string, points: number): Promise<{ taken: boolean; after: RateLimiterRes }> {
    return this.inTurn(client, async () => {
      try {
        return { taken: true, after: await this.counters.consume(client, points) };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { taken: false, after: await this.counters.reward(client, points) };
      }
    });
  }

  /** Gives back `points` of this window; a refund that met a window just reset is taken back out of it. */
  private refund(client: string, points: number): Promise<RateLimiterRes> {
    return this.inTurn(client, async () => {
      const after = await this.counters.reward(client, points);
      return after.consumedPoints < 0 ? this.counters.penalty(client, -after.consumedPoints) : after;
    });
  }

  /**
   * One request's budget. Its state is where the request's own last change left the client, as the
   * upsert answered it, so that reporting it costs no further query.
   */
  budgetOf(client: string): RequestBudget {
    const local = this.fallback.budgetOf(client);
    let reserved = 0;
    let windowEnds = 0;
    let known: ClientState | null = null;
    return {
      limit: this.pointsPerMinute,
      reserve: (estimate) =>
        this.guarded(
          async () => {
            const points = Math.ceil(estimate);
            const { taken, after } = await this.take(client, points);
            known = this.stateOf(after);
            if (!taken) return false;
            reserved += points;
            windowEnds = Date.now() + after.msBeforeNext;
            return true;
          },
          () => {
            known = null;
            return local.reserve(estimate);
          },
        ),
      state: () => (known ? Promise.resolve(known) : this.state(client)),
      settle: (charged) =>
        this.guarded(
          async () => {
            const points = Math.ceil(charged);
            // A reservation made in a window that has since reset is not refunded into the new one.
            const difference = reserved > 0 && Date.now() < windowEnds ? points - reserved : points;
            reserved = 0;
            if (difference > 0) known = this.stateOf(await this.inTurn(client, () => this.counters.penalty(client, difference)));
            else if (difference < 0) known = this.stateOf(await this.refund(client, -difference));
          },
          async () => {
            known = null;
            await local.settle(charged);
          },
        ),
    };
  }

  private async deleteEnded(): Promise<void> {
    try {
      await this.pool.query(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now()]);
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit store: rows of ended minutes could not be deleted');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.cleanup);
    await this.pool.end();
  }
}
