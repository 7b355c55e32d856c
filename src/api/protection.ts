import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { DocumentNode, FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { ClientBudget, Context } from './context';
import { MAX_TIMELINE_LIMIT } from '../core/argument-checks';
import { limitError, QueryLimits } from '../core/limits';
import { CostContributor, ListBounds, measureQuery, QueryCost, QueryMeasure, SIZE_ARGUMENTS } from '../core/query-analysis';

/** Lists a refusal names: the two or three that add most. */
const NAMED_CONTRIBUTORS = 3;
const grouped = (n: number) => n.toLocaleString('en-US');

interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  bounds: ListBounds;
}

const fits = (measure: QueryCost, limits: QueryLimits) => measure.nodes <= limits.maxNodes && measure.cost <= limits.maxCost;

/** The size argument a field is given, or would be: `limit` for a field that takes one, else `first` or `last` as asked. */
function sizeArgumentName(field: FieldNode): string {
  const given = field.arguments?.find((a) => SIZE_ARGUMENTS.includes(a.name.value));
  return given?.name.value ?? 'first';
}

/**
 * The largest size on a contributor's sizing field (`first`, `last` or `limit`) with which the query
 * passes both limits, by bisection over re-measures (each linear in the document); null if even 1 fails.
 */
function largestPassing(op: Operation, contributor: CostContributor, limits: QueryLimits): number | null {
  const field = contributor.sizedBy!;
  const passes = (size: number) =>
    fits(measureQuery(op.schema, op.document, op.operation, op.variables, { bounds: op.bounds, overrides: new Map([[field, size]]) }), limits);
  if (!passes(1)) return null;
  // passes(low) holds and passes(high) does not: the size the query was refused at is at most MAX_TIMELINE_LIMIT.
  let low = 1;
  let high = MAX_TIMELINE_LIMIT + 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (passes(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * The size argument to lower: the one that sizes the list adding most and with which the query would
 * pass, else the next list's, up to NAMED_CONTRIBUTORS of them; null for a query with no size argument to lower.
 */
function smallestChange(op: Operation, measured: QueryMeasure, limits: QueryLimits): { path: string; argument: string; value: number | null } | null {
  const tried = new Set<FieldNode>();
  let first: { path: string; argument: string; value: number | null } | null = null;
  for (const contributor of measured.contributors) {
    if (!contributor.sizedBy || tried.has(contributor.sizedBy)) continue;
    // Each try is a bisection of about ten measures: a refusal stays cheap however many lists a query has.
    if (tried.size === NAMED_CONTRIBUTORS) break;
    tried.add(contributor.sizedBy);
    const candidate = { path: contributor.sizedAt!, argument: sizeArgumentName(contributor.sizedBy), value: largestPassing(op, contributor, limits) };
    if (candidate.value !== null) return candidate;
    first ??= candidate;
  }
  return first;
}

/** A refusal for a query over the node budget or the cost limit, naming what adds most and what would pass. */
function overLimitError(op: Operation, measured: QueryMeasure, limits: QueryLimits): GraphQLError {
  const overNodes = measured.nodes > limits.maxNodes;
  const [code, limit, value, what] = overNodes
    ? [
        'NODE_LIMIT_EXCEEDED',
        limits.maxNodes,
        measured.nodes,
        `could return ${grouped(measured.nodes)} objects; at most ${grouped(limits.maxNodes)} are allowed`,
      ]
    : ['COST_LIMIT_EXCEEDED', limits.maxCost, measured.cost, `costs ${grouped(measured.cost)} points; at most ${grouped(limits.maxCost)} are allowed`];
  const named = measured.contributors.slice(0, NAMED_CONTRIBUTORS);
  const parts = named.map((c) => `${c.path} (×${grouped(c.multiplier)}: ${grouped(c.nodes)} objects)`);
  let message = `The query ${what as string}${parts.length ? `. Most come from ${parts.join(', ')}` : ''}`;
  const passing = smallestChange(op, measured, limits);
  if (passing?.value) message += `; with ${passing.argument}: ${passing.value} on ${passing.path} it would pass`;
  else if (passing) message += `; no single first, last or limit makes it pass: lower several, or ask for fewer lists`;
  const error = limitError(code as string, `${message}.`, limit as number, value as number);
  Object.assign(error.extensions, { contributors: named.map(({ path, multiplier, nodes }) => ({ path, multiplier, nodes })), largestPassing: passing });
  return error;
}

/**
 * Measures every operation before any resolver runs, against the data's list bounds, and refuses one
 * over a limit, saying what to change. A query that runs reserves its estimate from the client's
 * budget; as the answer goes out it is charged what its answer took (counted during execution by
 * answer-count.ts, introspection as estimated), and `extensions.cost` reports the estimate, the
 * actual count and what the client has left. Unexpected errors get the request id, the key to the full
 * error in the log.
 */
export function limitsPlugin(limits: QueryLimits, gate = new CostGate(limits.maxInflightCost)): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let admitted = 0;
      // Apollo runs every plugin's didResolveOperation at once and answers as soon as one refuses (the
      // protocol's checks): this one may still be waiting then, and must not take points or a place in
      // the gate for an answer already sent.
      let answered = false;
      return {
        async didResolveOperation({ document, operation, request, contextValue, schema }) {
          if (!operation) return;
          const op: Operation = { schema, document, operation, variables: request.variables ?? {}, bounds: await contextValue.services.listBounds.current() };
          if (answered) return;
          const measured = measureQuery(schema, document, operation, op.variables, { bounds: op.bounds });
          if (!fits(measured, limits)) throw overLimitError(op, measured, limits);
          // The estimate is reserved from the client's budget before the query runs, so that concurrent
          // queries cannot pass the limit together; the answer's own count settles it.
          const { budget } = contextValue;
          if (budget && !(await budget.reserve(measured.cost))) throw await rateLimitError(budget, measured.cost);
          if (answered) return void (await budget?.settle(0)); // what was just reserved goes back
          contextValue.outcome.cost = measured;
          contextValue.outcome.actual = { nodes: measured.introspection.nodes, cost: 1 + measured.introspection.cost };
          try {
            await gate.acquire(measured.cost);
          } catch (error) {
            contextValue.outcome.cost = undefined; // refused for load: charged as refused
            contextValue.outcome.actual = undefined;
            throw error;
          }
          if (answered) gate.release(measured.cost);
          else admitted = measured.cost;
        },
        async willSendResponse({ response, contextValue }) {
          answered = true;
          if (admitted) gate.release(admitted);
          admitted = 0;
          const { outcome, budget } = contextValue;
          const remaining = budget ? await settle(budget, outcome) : null;
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (outcome.cost && outcome.actual && result.data !== undefined) {
            const estimated = { nodes: outcome.cost.nodes, cost: outcome.cost.cost };
            outcome.report = costReport(estimated, { ...outcome.actual }, remaining, limits);
            result.extensions = { ...result.extensions, cost: outcome.report };
          }
          for (const error of result.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        },
      };
    },
  };
}

/** What `extensions.cost` says. */
export interface CostReport {
  /** Objects and fetches the query could take at most, measured before it ran: what the limits refuse on. */
  estimated: QueryCost;
  /** Objects and fetches the answer took, counted as it ran (1 fetch for an answer from the cache): what the client is charged. */
  actual: QueryCost;
  /** True when the answer came from the response cache. */
  cached: boolean;
  /** Points the client has left this minute; null where no client is charged (in-process operations). */
  remaining: number | null;
  maxNodes: number;
  maxCost: number;
}

/** What `extensions.cost` says: the estimate the query was admitted on, what its answer took, what the client has left. */
export function costReport(
  estimated: QueryCost,
  actual: QueryCost,
  remaining: number | null,
  limits: Pick<QueryLimits, 'maxNodes' | 'maxCost'>,
  cached = false,
): CostReport {
  return { estimated, actual, cached, remaining, maxNodes: limits.maxNodes, maxCost: limits.maxCost };
}

/** Charges the request once, whoever settles first (this plugin, or the HTTP edge for a query that timed out); the points left after. */
export async function settle(budget: ClientBudget, outcome: Context['outcome'], charge = Math.max(1, outcome.actual?.cost ?? 1)): Promise<number> {
  if (!outcome.charged) {
    outcome.charged = true;
    await budget.settle(charge);
  }
  return (await budget.state()).remaining;
}

/** A query whose estimate does not fit in what the client has left this minute: 429 with Retry-After. */
async function rateLimitError(budget: ClientBudget, cost: number): Promise<GraphQLError> {
  const { remaining, resetSeconds } = await budget.state();
  return new GraphQLError(
    `The query costs ${cost} points and ${remaining} of the rate limit of ${budget.limit} points a minute are left; retry in ${resetSeconds} s or ask for less`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        limit: budget.limit,
        remaining,
        cost,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(resetSeconds)]]) },
      },
    },
  );
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
