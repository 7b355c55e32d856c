import { DataSource } from 'typeorm';
import { Logger } from './core/logger';
import { AnnouncementService } from './announcements/announcement.service';
import { AuthorityService } from './authorities/authority.service';
import { CalendarService } from './calendar/calendar.service';
import { ChartService } from './charts/chart.service';
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
export function createServices(dataSource: DataSource, externalSearch: SearchEngine | null = null, logger?: Logger) {
  const calendar = new CalendarService(dataSource);
  const events = new EventService(dataSource);
  const managers = new ManagerService(dataSource);
  const market = new MarketService(dataSource);
  return {
    announcements: new AnnouncementService(dataSource),
    authorities: new AuthorityService(dataSource),
    calendar,
    charts: new ChartService(managers, events, market, calendar),
    concepts: new ConceptService(dataSource),
    events,
    managers,
    market,
    people: new PersonService(dataSource),
    performance: new PerformanceService(dataSource),
    products: new ProductService(dataSource),
    search: new SearchService(new EmbeddedSearchEngine(dataSource), externalSearch, logger && { warn: (message, details) => logger.warn(details, message) }),
  };
}

export type Services = ReturnType<typeof createServices>;
