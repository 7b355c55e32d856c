import DataLoader from 'dataloader';
import { announcementLoaders } from '../announcements/announcement.loaders';
import { authorityLoaders } from '../authorities/authority.loaders';
import { calendarLoaders } from '../calendar/calendar.loaders';
import { conceptLoaders } from '../concepts/concept.loaders';
import { eventLoaders } from '../events/event.loaders';
import { glossaryLoaders } from '../glossary/glossary.loaders';
import { managerLoaders } from '../managers/manager.loaders';
import { marketLoaders } from '../market/market.loaders';
import { personLoaders } from '../people/person.loaders';
import { performanceLoaders } from '../performance/performance.loaders';
import { productLoaders } from '../products/product.loaders';
import { Services } from './services';
import { QueryCost } from '../core/limits';
import type { CostReport } from './protection';

/**
 * The per-request loaders, each feature's from its <feature>.loaders.ts: one batch query per relation
 * per tick. Built fresh for every request, so no request ever sees another's cache.
 */
export function createLoaders(services: Services) {
  return {
    ...managerLoaders(services.managers),
    ...productLoaders(services.products),
    ...personLoaders(services.people),
    ...authorityLoaders(services.authorities),
    ...announcementLoaders(services.announcements),
    ...conceptLoaders(services.concepts),
    ...glossaryLoaders(services.glossary),
    ...eventLoaders(services.events),
    ...performanceLoaders(services.performance),
    ...marketLoaders(services.market),
    ...calendarLoaders(services.calendar),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface RequestOutcome {
  /** The estimate, measured before execution by the limits plugin. */
  cost?: QueryCost;
  /** What the answer took, counted as it executes (answer-count.ts): what the rate limit charges. */
  actual?: QueryCost;
  /** Set once the client's budget is settled for the request, so that it is charged once. */
  charged?: boolean;
  /** What `extensions.cost` of the answer says (protection.ts costReport). */
  report?: CostReport;
  /** Set as the answer goes out: a query answered without errors, which the response cache may keep. */
  cacheable?: boolean;
}

/**
 * The client's rate-limit budget for one request (src/http/rate-limiter.ts): the limits plugin reserves
 * a query's estimate from it before the query runs.
 */
export interface ClientBudget {
  limit: number;
  /** Takes `points` if they fit in what is left; false (and nothing taken) when they do not. */
  reserve(points: number): Promise<boolean>;
  state(): Promise<{ remaining: number; resetSeconds: number }>;
  /** Replaces what the request reserved with what it is charged. */
  settle(charged: number): Promise<void>;
}

/** What every resolver receives. */
export interface Context {
  services: Services;
  loaders: Loaders;
  requestId: string;
  /**
   * What the pipeline learns about the request, for the HTTP layer. An object of its own because Apollo
   * hands plugins and resolvers a shallow copy of the context: fields set on the copy are not seen outside.
   */
  outcome: RequestOutcome;
  /** Absent for in-process operations (exports run as their route is charged). */
  budget?: ClientBudget;
}

/** A fresh request context: its own loaders (no request sees another's cache) over the shared services. */
export function createContext(services: Services, requestId: string, outcome: RequestOutcome = {}, budget?: ClientBudget): Context {
  return { services, loaders: createLoaders(services), requestId, outcome, ...(budget ? { budget } : {}) };
}

/** Loads many keys through a loader and drops misses, keeping order; a failed load fails the whole. */
export async function loadAll<K, V>(loader: DataLoader<K, V | null>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  const failure = values.find((v): v is Error => v instanceof Error);
  if (failure) throw failure;
  return values.filter((v): v is V => v !== null);
}
