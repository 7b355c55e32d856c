import { ApolloServerPlugin } from '@apollo/server';
import { Context } from './context';
import { limitError, measureQuery, QueryLimits } from './limits';

/**
 * Measures every operation's node budget and cost before any resolver runs, rejects one over a limit,
 * and reports the cost of every answered query in `extensions.cost`. Unexpected errors get the request
 * id, the key to the full error in the log.
 */
export function limitsPlugin(limits: QueryLimits, gate = new CostGate(limits.maxInflightCost)): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let admitted = 0;
      return {
        async didResolveOperation({ document, operation, request, contextValue, schema }) {
          if (!operation) return;
          const measured = measureQuery(schema, document, operation, request.variables ?? {});
          if (measured.nodes > limits.maxNodes) {
            throw limitError('NODE_LIMIT_EXCEEDED', `The query could return ${measured.nodes} objects; at most ${limits.maxNodes} are allowed (lower first/last)`, limits.maxNodes, measured.nodes);
          }
          if (measured.cost > limits.maxCost) {
            throw limitError('COST_LIMIT_EXCEEDED', `The query costs ${measured.cost} points; at most ${limits.maxCost} are allowed (lower first/last or ask for fewer fields)`, limits.maxCost, measured.cost);
          }
          // Only a query that runs is charged its cost; one refused here did no work.
          contextValue.outcome.cost = measured;
          await gate.acquire(measured.cost);
          admitted = measured.cost;
        },
        async willSendResponse({ response, contextValue }) {
          if (admitted) gate.release(admitted);
          admitted = 0;
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const measured = contextValue.outcome.cost;
          if (measured && result.data !== undefined) {
            result.extensions = { ...result.extensions, cost: { nodes: measured.nodes, cost: measured.cost, maxNodes: limits.maxNodes, maxCost: limits.maxCost } };
          }
          for (const error of result.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        },
      };
    },
  };
}

/**
 * Cost points executing at once: a query whose cost would take the total past the budget waits, in
 * arrival order, until enough finishes (one query is always let through, whatever its cost). The
 * memory of answers being built stays bounded however many clients ask for large pages at once.
 */
export class CostGate {
  private inflight = 0;
  private readonly waiting: { cost: number; admit: () => void }[] = [];

  constructor(readonly budget: number) {}

  acquire(cost: number): Promise<void> {
    if (this.waiting.length === 0 && (this.inflight === 0 || this.inflight + cost <= this.budget)) {
      this.inflight += cost;
      return Promise.resolve();
    }
    return new Promise((admit) => this.waiting.push({ cost, admit }));
  }

  release(cost: number): void {
    this.inflight -= cost;
    while (this.waiting.length && (this.inflight === 0 || this.inflight + this.waiting[0].cost <= this.budget)) {
      const next = this.waiting.shift()!;
      this.inflight += next.cost;
      next.admit();
    }
  }

  get state() {
    return { inflight: this.inflight, waiting: this.waiting.length };
  }
}

/** Cost points per client per minute: a fixed window per IP address. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; spent: number }>();

  constructor(readonly pointsPerMinute: number, private readonly now: () => number = Date.now) {}

  private windowOf(client: string) {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, spent: 0 };
      this.windows.set(client, window);
      if (this.windows.size > 10_000) for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
    }
    return window;
  }

  /** Where a client stands: points left in this minute and seconds until the window resets. */
  state(client: string): { remaining: number; resetSeconds: number } {
    const window = this.windowOf(client);
    return { remaining: Math.max(0, this.pointsPerMinute - window.spent), resetSeconds: Math.max(1, Math.ceil((window.start + 60_000 - this.now()) / 1000)) };
  }

  spend(client: string, points: number): void {
    this.windowOf(client).spent += points;
  }

  headers(client: string): Record<string, string> {
    const { remaining, resetSeconds } = this.state(client);
    return { 'x-ratelimit-limit': String(this.pointsPerMinute), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) };
  }
}
