import DataLoader from 'dataloader';
import { PageArgs } from '../core/connection';
import { manyLoader, oneLoader } from '../core/loaders';
import { EventType } from './event.enums';
import { EventService } from './event.service';

export interface ManagerEventPageRequest {
  managerKey: string;
  types: EventType[] | null;
  page: PageArgs;
}

/** Events by key, their links to managers, products and episodes, rumours' denials, and managers' pages of events, batched per request. */
export function eventLoaders(events: EventService) {
  return {
    eventByKey: oneLoader(
      (keys: readonly string[]) => events.findByKeys(keys),
      (e) => e.key,
    ),
    managerLinksOfEvent: manyLoader(
      (keys: readonly string[]) => events.managerLinksOfEvents(keys),
      (l) => l.eventKey,
    ),
    eventPageOfManager: eventPageLoader(events),
    managerLinksOfManager: manyLoader(
      (keys: readonly string[]) => events.managerLinksOfManagers(keys),
      (l) => l.managerKey,
    ),
    productLinksOfEvent: manyLoader(
      (keys: readonly string[]) => events.productLinksOfEvents(keys),
      (l) => l.eventKey,
    ),
    productLinksOfProduct: manyLoader(
      (keys: readonly string[]) => events.productLinksOfProducts(keys),
      (l) => l.productKey,
    ),
    episodeLinksOfEvent: manyLoader(
      (keys: readonly string[]) => events.episodeLinksOfEvents(keys),
      (l) => l.eventKey,
    ),
    episodeLinksOfEpisode: manyLoader(
      (keys: readonly string[]) => events.episodeLinksOfEpisodes(keys),
      (l) => l.episodeKey,
    ),
    denialsOfEvent: manyLoader(
      (keys: readonly string[]) => events.denialsOfEvents(keys),
      (d) => d.eventKey,
    ),
  };
}

/** A page of a manager's events, batched across managers asking for the same page and kinds. */
function eventPageLoader(events: EventService) {
  return new DataLoader(
    async (requests: readonly ManagerEventPageRequest[]) => {
      const groups = new Map<string, ManagerEventPageRequest[]>();
      for (const request of requests) {
        const group = JSON.stringify([request.types, request.page]);
        groups.set(group, [...(groups.get(group) ?? []), request]);
      }
      const pages = new Map<ManagerEventPageRequest, { eventKeys: string[]; hasMore: boolean; totalCount: number }>();
      for (const group of groups.values()) {
        const found = await events.pagesOfManagers(
          group.map((r) => r.managerKey),
          group[0].types,
          group[0].page,
        );
        for (const request of group) pages.set(request, found.get(request.managerKey)!);
      }
      return requests.map((request) => pages.get(request)!);
    },
    { cacheKeyFn: (request) => JSON.stringify([request.managerKey, request.types, request.page]) },
  );
}
