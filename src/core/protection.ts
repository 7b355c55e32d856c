import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ClientBudget, Context } from './context';
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
          // The estimate is reserved from the client's budget before the query runs, so that concurrent
          // queries cannot pass the limit together; the HTTP edge settles it after the answer.
          if (contextValue.budget && !contextValue.budget.reserve(measured.cost)) throw rateLimitError(contextValue.budget, measured.cost);
          // Only a query that runs is charged its cost; one refused here did no work.
          contextValue.outcome.cost = measured;
          try {
            await gate.acquire(measured.cost);
          } catch (error) {
            contextValue.outcome.cost = undefined; // refused for load: not charged
            throw error;
          }
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

/** A query whose estimate does not fit in what the client has left this minute: 429 with Retry-After. */
function rateLimitError(budget: ClientBudget, cost: number): GraphQLError {
  const { remaining, resetSeconds } = budget.state();
  return new GraphQLError(`The query costs ${cost} points and ${remaining} of the rate limit of ${budget.limit} points a minute are left; retry in ${resetSeconds} s or ask for less`, {
    extensions: { code: 'RATE_LIMITED', limit: budget.limit, remaining, cost, http: { status: 429, headers: new HeaderMap([['retry-after', String(resetSeconds)]]) } },
  });
}

/** Queries waiting for the in-flight budget at most: each holds its request in memory while it waits. */
export const MAX_WAITING_QUERIES = 256;

/**
 * Cost points executing at once: a query whose cost would take the total past the budget waits, in
 * arrival order, until enough finishes (one query is always let through, whatever its cost). The
 * memory of answers being built stays bounded however many clients ask for large pages at once, and so
 * does the queue: past MAX_WAITING_QUERIES a query is refused with 503 rather than held.
 */
export class CostGate {
  private inflight = 0;
  private readonly waiting: { cost: number; admit: () => void }[] = [];

  constructor(
    readonly budget: number,
    readonly maxWaiting = MAX_WAITING_QUERIES,
  ) {}

  /** Resolves when the query may run; rejects with 503 OVERLOADED when maxWaiting queries wait already. */
  acquire(cost: number): Promise<void> {
    if (this.waiting.length === 0 && (this.inflight === 0 || this.inflight + cost <= this.budget)) {
      this.inflight += cost;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(
        new GraphQLError(`The server is busy: ${this.waiting.length} queries wait to run; retry in a second`, {
          extensions: { code: 'OVERLOADED', http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) } },
        }),
      );
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
