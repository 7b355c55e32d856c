import { DataSource } from 'typeorm';
import { Logger } from '../core/logger';
import { AnnouncementService } from '../announcements/announcement.service';
import { AuthorityService } from '../authorities/authority.service';
import { CalendarService } from '../calendar/calendar.service';
import { CitationService } from '../citations/citation.service';
import { ChartService } from '../charts/chart.service';
import { ConceptService } from '../concepts/concept.service';
import { EventService } from '../events/event.service';
import { GlossaryService } from '../glossary/glossary.service';
import { ListBoundsService } from '../limits/list-bounds.service';
import { ManagerService } from '../managers/manager.service';
import { MarketService } from '../market/market.service';
import { PersonService } from '../people/person.service';
import { PerformanceService } from '../performance/performance.service';
import { ProductService } from '../products/product.service';
import { EmbeddedSearchEngine } from '../search/embedded-engine';
import { SearchEngine } from '../search/search-engine';
import { SearchService } from '../search/search.service';

/** Every service, built once over the one DataSource; `externalSearch` is the configured Meilisearch, if any. */
export function createServices(dataSource: DataSource, externalSearch: SearchEngine | null = null, logger?: Logger) {
  const authorities = new AuthorityService(dataSource);
  const calendar = new CalendarService(dataSource);
  const managers = new ManagerService(dataSource);
  const events = new EventService(dataSource, authorities, managers);
  const market = new MarketService(dataSource);
  const announcements = new AnnouncementService(dataSource, authorities, managers);
  return {
    announcements,
    authorities,
    calendar,
    charts: new ChartService(dataSource, managers, events, market, calendar, announcements),
    citations: new CitationService(),
    concepts: new ConceptService(dataSource),
    events,
    glossary: new GlossaryService(dataSource),
    listBounds: new ListBoundsService(dataSource, market),
    managers,
    market,
    people: new PersonService(dataSource),
    performance: new PerformanceService(dataSource),
    products: new ProductService(dataSource, managers),
    search: new SearchService(
      new EmbeddedSearchEngine(dataSource),
      { authorities, managers },
      externalSearch,
      logger && { warn: (message, details) => logger.warn(details, message) },
    ),
  };
}

export type Services = ReturnType<typeof createServices>;
