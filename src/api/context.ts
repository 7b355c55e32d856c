import DataLoader from 'dataloader';
import { Services } from './services';
import { TradingEpisode } from '../market/market.entity';
import { EventType } from '../events/event.enums';
import { QueryCost } from '../core/limits';
import type { CostReport } from './protection';
import { PageArgs } from '../core/connection';
import { manyLoader, oneLoader } from '../core/loaders';

/**
 * The per-request loaders: one batch query per relation per tick. Built fresh for every request,
 * so no request ever sees another's cache.
 */
export function createLoaders(services: Services) {
  const { announcements, authorities, calendar, concepts, events, managers, market, people, performance, products } = services;
  return {
    managerByKey: oneLoader((keys: readonly string[]) => managers.findByKeys(keys), (m) => m.key),
    managerBySlug: oneLoader((slugs: readonly string[]) => managers.findBySlugs(slugs), (m) => m.slug),
    productByKey: oneLoader((keys: readonly string[]) => products.findByKeys(keys), (p) => p.key),
    productsByManager: manyLoader((keys: readonly string[]) => products.findByManagerKeys(keys), (p) => p.managerKey),
    personByKey: oneLoader((keys: readonly string[]) => people.findByKeys(keys), (p) => p.key),
    rolesByPerson: manyLoader((keys: readonly string[]) => people.rolesByPersonKeys(keys), (r) => r.personKey),
    rolesByManager: manyLoader((keys: readonly string[]) => people.rolesByManagerKeys(keys), (r) => r.managerKey!),
    authorityByCode: oneLoader((codes: readonly string[]) => authorities.findByCodes(codes), (a) => a.code),
    announcementByKey: oneLoader((keys: readonly string[]) => announcements.findByKeys(keys), (a) => a.key),
    announcementTextByKey: oneLoader((keys: readonly string[]) => announcements.textsByKeys(keys), (a) => a.key),
    quotedStatementsOf: manyLoader((keys: readonly string[]) => announcements.quotedStatementsOf(keys), (a) => a.quotedInKey!),
    citationsOf: manyLoader((subjects: readonly string[]) => announcements.citationsOf(subjects), (c) => `${c.subjectType}:${c.subjectKey}`),
    conceptByKey: oneLoader((keys: readonly string[]) => concepts.findByKeys(keys), (c) => c.key),
    eventByKey: oneLoader((keys: readonly string[]) => events.findByKeys(keys), (e) => e.key),
    managerLinksOfEvent: manyLoader((keys: readonly string[]) => events.managerLinksOfEvents(keys), (l) => l.eventKey),
    /** A page of a manager's events, batched across managers asking for the same page and kinds. */
    eventPageOfManager: new DataLoader(
      async (requests: readonly ManagerEventPageRequest[]) => {
        const groups = new Map<string, ManagerEventPageRequest[]>();
        for (const request of requests) {
          const group = JSON.stringify([request.types, request.page]);
          groups.set(group, [...(groups.get(group) ?? []), request]);
        }
        const pages = new Map<ManagerEventPageRequest, { eventKeys: string[]; hasMore: boolean; totalCount: number }>();
        for (const group of groups.values()) {
          const found = await events.pagesOfManagers(group.map((r) => r.managerKey), group[0].types, group[0].page);
          for (const request of group) pages.set(request, found.get(request.managerKey)!);
        }
        return requests.map((request) => pages.get(request)!);
      },
      { cacheKeyFn: (request) => JSON.stringify([request.managerKey, request.types, request.page]) },
    ),
    managerLinksOfManager: manyLoader((keys: readonly string[]) => events.managerLinksOfManagers(keys), (l) => l.managerKey),
    productLinksOfEvent: manyLoader((keys: readonly string[]) => events.productLinksOfEvents(keys), (l) => l.eventKey),
    productLinksOfProduct: manyLoader((keys: readonly string[]) => events.productLinksOfProducts(keys), (l) => l.productKey),
    episodeLinksOfEvent: manyLoader((keys: readonly string[]) => events.episodeLinksOfEvents(keys), (l) => l.eventKey),
    episodeLinksOfEpisode: manyLoader((keys: readonly string[]) => events.episodeLinksOfEpisodes(keys), (l) => l.episodeKey),
    denialsOfEvent: manyLoader((keys: readonly string[]) => events.denialsOfEvents(keys), (d) => d.eventKey),
    figuresOfEvent: manyLoader((keys: readonly string[]) => performance.byEventKeys(keys), (f) => f.eventKey),
    figuresOfManager: manyLoader((keys: readonly string[]) => performance.byManagerKeys(keys), (f) => f.managerKey!),
    figuresOfProduct: manyLoader((keys: readonly string[]) => performance.byProductKeys(keys), (f) => f.productKey!),
    instrumentByCode: oneLoader((codes: readonly string[]) => market.instrumentsByCodes(codes), (i) => i.code),
    windowByKey: oneLoader((keys: readonly string[]) => market.windowsByKeys(keys), (w) => w.key),
    episodeByKey: oneLoader((keys: readonly string[]) => market.episodesByKeys(keys), (e) => e.key),
    episodesOfManager: manyLoader((keys: readonly string[]) => market.episodesByManagerKeys(keys), (e) => e.managerKey),
    windowLinksOfEpisode: manyLoader((keys: readonly string[]) => market.linksOfEpisodes(keys), (l) => l.episodeKey),
    episodeLinksOfWindow: manyLoader((keys: readonly string[]) => market.linksOfWindows(keys), (l) => l.windowKey),
    /** Each episode's share of turnover, computed once per request however many fields ask for it. */
    turnoverShareOfEpisode: new DataLoader(async (episodes: readonly TradingEpisode[]) => {
      const links = await market.linksOfEpisodes(episodes.map((e) => e.key));
      const windows = new Map((await market.windowsByKeys([...new Set(links.map((l) => l.windowKey))])).map((w) => [w.key, w]));
      return Promise.all(
        episodes.map((episode) => market.turnoverShare(episode, links.filter((l) => l.episodeKey === episode.key).map((l) => windows.get(l.windowKey)!))),
      );
    }, { cacheKeyFn: (episode) => episode.key }),
    calendar: new DataLoader(async (keys: readonly 'all'[]) => {
      const data = await calendar.load();
      return keys.map(() => data);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface ManagerEventPageRequest {
  managerKey: string;
  types: EventType[] | null;
  page: PageArgs;
}

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
