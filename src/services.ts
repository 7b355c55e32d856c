import { DataSource } from 'typeorm';
import { AnnouncementService } from './announcements/announcement.service';
import { AuthorityService } from './authorities/authority.service';
import { CalendarService } from './calendar/calendar.service';
import { ConceptService } from './concepts/concept.service';
import { EventService } from './events/event.service';
import { ManagerService } from './managers/manager.service';
import { MarketService } from './market/market.service';
import { PersonService } from './people/person.service';
import { PerformanceService } from './performance/performance.service';
import { ProductService } from './products/product.service';
import { EmbeddedSearchEngine } from './search/embedded-engine';
import { SearchEngine } from './search/search-engine';
import { SearchService } from './search/search.service';

/** Every service, built once over the one DataSource; `externalSearch` is the configured Meilisearch, if any. */
export function createServices(dataSource: DataSource, externalSearch: SearchEngine | null = null) {
  return {
    announcements: new AnnouncementService(dataSource),
    authorities: new AuthorityService(dataSource),
    calendar: new CalendarService(dataSource),
    concepts: new ConceptService(dataSource),
    events: new EventService(dataSource),
    managers: new ManagerService(dataSource),
    market: new MarketService(dataSource),
    people: new PersonService(dataSource),
    performance: new PerformanceService(dataSource),
    products: new ProductService(dataSource),
    search: new SearchService(new EmbeddedSearchEngine(dataSource), externalSearch),
  };
}

export type Services = ReturnType<typeof createServices>;
