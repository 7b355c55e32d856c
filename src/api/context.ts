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

/** Each feature's loaders, from its <feature>.loaders.ts, built from the shared services. */
const loaderGroups = [
  (s: Services) => managerLoaders(s.managers),
  (s: Services) => productLoaders(s.products),
  (s: Services) => personLoaders(s.people),
  (s: Services) => authorityLoaders(s.authorities),
  (s: Services) => announcementLoaders(s.announcements),
  (s: Services) => conceptLoaders(s.concepts),
  (s: Services) => glossaryLoaders(s.glossary),
  (s: Services) => eventLoaders(s.events),
  (s: Services) => performanceLoaders(s.performance),
  (s: Services) => marketLoaders(s.market),
  (s: Services) => calendarLoaders(s.calendar),
];

type AllLoaders = ReturnType<(typeof loaderGroups)[number]>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

const SERVICES = Symbol('services');

/**
 * One prototype for every request's loaders, made on first use: a getter per loader that builds its
 * feature's group for that request and keeps it as plain properties of the request's object. The names
 * are learnt from the factories themselves, called once.
 */
let loadersPrototype: object | undefined;

function prototypeFor(services: Services): object {
  if (loadersPrototype) return loadersPrototype;
  const prototype: Record<string, unknown> = {};
  for (const build of loaderGroups) {
    for (const name of Object.keys(build(services))) {
      if (name in prototype) throw new Error(`Two features define a loader named ${name}`);
      Object.defineProperty(prototype, name, {
        get(this: Record<string | symbol, unknown>) {
          for (const [built, loader] of Object.entries(build(this[SERVICES] as Services))) {
            Object.defineProperty(this, built, { value: loader, enumerable: true });
          }
          return this[name];
        },
      });
    }
  }
  return (loadersPrototype = prototype);
}

/**
 * The per-request loaders: one batch query per relation per tick. Built fresh for every request, so
 * no request ever sees another's cache, and lazily: a feature's loaders are made when a resolver first
 * reads one of them (a manager page needs four of eleven groups).
 */
export function createLoaders(services: Services): UnionToIntersection<AllLoaders> {
  const loaders = Object.create(prototypeFor(services)) as Record<symbol, unknown>;
  loaders[SERVICES] = services;
  return loaders as UnionToIntersection<AllLoaders>;
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
