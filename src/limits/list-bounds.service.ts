import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { ListBounds } from '../core/query-analysis';
import { Sql, sqlOf } from '../core/sql';
import { MarketService } from '../market/market.service';
import { MAX_MATCHED_TERMS } from '../search/search-engine';
import { SearchKind } from '../search/search.enums';

/** Entries a timeline makes of one event at most: the event, and for a suspension its last day and its resumption. */
export const TIMELINE_ENTRIES_PER_EVENT = 3;

/** The GraphQL type each `sources` list belongs to, by the subject type its citations are filed under. */
const SOURCES_OF_SUBJECT: Record<string, string> = {
  Authority: 'Authority',
  Concept: 'Concept',
  Event: 'Event',
  GlossaryTerm: 'GlossaryTerm',
  Instrument: 'Instrument',
  Manager: 'Manager',
  MarketDataWindow: 'MarketDataWindow',
  PerformanceFigure: 'PerformanceFigure',
  Person: 'Person',
  Product: 'Product',
  RumorDenial: 'RumorDenial',
  TradingCalendarYear: 'TradingCalendar',
  TradingEpisode: 'TradingEpisode',
};

/** Plain list fields whose items are the rows of one table grouped by one column: the largest group is the bound. */
const GROUPED_LISTS: [field: string, table: string, column: string][] = [
  ['Announcement.quotedStatements', 'announcement', 'quotedInKey'],
  ['Event.managers', 'event_manager', 'eventKey'],
  ['Event.products', 'event_product', 'eventKey'],
  ['ExchangePenalty.tradingEpisodes', 'event_episode', 'eventKey'],
  ['TradingSuspension.tradingEpisodes', 'event_episode', 'eventKey'],
  ['MarketRumor.denials', 'rumor_denial', 'eventKey'],
  ['PerformanceDisclosure.figures', 'performance_figure', 'eventKey'],
  ['Manager.performance', 'performance_figure', 'managerKey'],
  ['Product.performance', 'performance_figure', 'productKey'],
  ['Manager.people', 'person_role', 'managerKey'],
  ['Person.roles', 'person_role', 'personKey'],
  ['Manager.products', 'product', 'managerKey'],
  ['Manager.tradingEpisodes', 'trading_episode', 'managerKey'],
  ['Product.events', 'event_product', 'productKey'],
  ['TradingEpisode.events', 'event_episode', 'episodeKey'],
  ['TradingCalendar.closures', 'market_closure', 'year'],
];

/** Lists as long as a whole table. */
const WHOLE_TABLES: [field: string, table: string][] = [
  ['Query.authorities', 'authority'],
  ['Query.concepts', 'concept'],
  ['Query.glossary', 'glossary_term'],
];

/** Lists held in a JSON column: the longest one is the bound. */
const JSON_LISTS: [field: string, table: string, column: string][] = [
  ['Manager.aliases', 'manager', 'aliases'],
  ['Product.aliases', 'product', 'aliases'],
  ['Concept.aliases', 'concept', 'aliases'],
  ['GlossaryTerm.english', 'glossary_term', 'english'],
  ['GlossaryTerm.chinese', 'glossary_term', 'chinese'],
  ['GlossaryTerm.eventTypes', 'glossary_term', 'eventTypes'],
  ['Event.curatorsWords', 'event', 'curatorsWords'],
  ['PerformanceFigure.curatorsWords', 'performance_figure', 'curatorsWords'],
  ['RumorDenial.curatorsWords', 'rumor_denial', 'curatorsWords'],
];

const count = (value: unknown) => Number(value ?? 0);

/**
 * The largest list every plain list field holds in the current data, by "Type.field": true of the data,
 * so an estimate made with them is an upper bound of what a query returns. Kept per data version, as
 * the search corpus statistics are, and computed again after a load changes data (a few grouped counts
 * and one pass over the episode–window overlaps).
 */
export class ListBoundsService {
  readonly current: () => Promise<ListBounds>;
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly market: MarketService,
  ) {
    this.sql = sqlOf(dataSource);
    this.current = perDataVersion(dataSource, () => this.compute());
  }

  private async compute(): Promise<ListBounds> {
    const bounds = new Map<string, number>();
    for (const [field, table, column] of GROUPED_LISTS) bounds.set(field, await this.largestGroup(table, column));
    for (const [field, table] of WHOLE_TABLES) bounds.set(field, count((await this.sql.all<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n));
    for (const [field, table, column] of JSON_LISTS) bounds.set(field, await this.longestJsonList(table, column));
    for (const [type, n] of await this.citationsBySubject()) bounds.set(`${type}.sources`, n);
    for (const [field, n] of Object.entries(await this.timelines())) bounds.set(field, n);
    for (const [field, n] of Object.entries(await this.overlaps())) bounds.set(field, n);
    for (const [field, n] of Object.entries(await this.searchFacets())) bounds.set(field, n);
    bounds.set('Announcement.passages', await this.mostPassages());
    bounds.set('SearchHit.matchedTerms', MAX_MATCHED_TERMS);
    bounds.set('SearchHit.matches', MAX_MATCHED_TERMS);
    return { largest: bounds, perArgumentUnit: new Map([['Query.timeline', TIMELINE_ENTRIES_PER_EVENT]]) };
  }

  private async largestGroup(table: string, column: string): Promise<number> {
    const rows = await this.sql.all<{ n: unknown }>(
      `SELECT MAX(n) AS n FROM (SELECT COUNT(*) AS n FROM ${table} WHERE "${column}" IS NOT NULL GROUP BY "${column}") AS groups`,
    );
    return count(rows[0]?.n);
  }

  private async longestJsonList(table: string, column: string): Promise<number> {
    const rows = await this.sql.all<{ list: string }>(`SELECT "${column}" AS "list" FROM ${table}`);
    return rows.reduce((most, row) => Math.max(most, (JSON.parse(row.list) as unknown[]).length), 0);
  }

  /** Every subject type's largest list of citations; a type with none gets 0. */
  private async citationsBySubject(): Promise<Map<string, number>> {
    const found = new Map(Object.values(SOURCES_OF_SUBJECT).map((type) => [type, 0]));
    const rows = await this.sql.all<{ subjectType: string; n: unknown }>(
      'SELECT "subjectType", MAX(n) AS n FROM (SELECT "subjectType", COUNT(*) AS n FROM citation GROUP BY "subjectType", "subjectKey") AS groups GROUP BY "subjectType"',
    );
    for (const row of rows) {
      const type = SOURCES_OF_SUBJECT[row.subjectType];
      if (type) found.set(type, count(row.n));
    }
    return found;
  }

  /**
   * The whole timeline: an entry per event, two more per suspension. A manager's: at most three entries
   * for each of its events (a join to count its suspensions exactly took most of a second at 200,000 events).
   */
  private async timelines(): Promise<Record<string, number>> {
    const [all] = await this.sql.all<{ events: unknown; suspensions: unknown }>(
      `SELECT COUNT(*) AS events, SUM(CASE WHEN "type" = 'TRADING_SUSPENSION' THEN 1 ELSE 0 END) AS suspensions FROM event`,
    );
    const entries = count(all?.events) + (TIMELINE_ENTRIES_PER_EVENT - 1) * count(all?.suspensions);
    const perManager = TIMELINE_ENTRIES_PER_EVENT * (await this.largestGroup('event_manager', 'managerKey'));
    return { 'Manager.timeline': Math.min(perManager, entries), 'Query.timeline': entries };
  }

  /**
   * Episodes and windows are linked by time (their intervals overlap on one exchange): the links of every
   * episode are read once, and counted per episode, per window, and as the events of a window's episodes.
   */
  private async overlaps(): Promise<Record<string, number>> {
    const episodes = await this.sql.all<{ key: string }>('SELECT "key" FROM trading_episode');
    const links = await this.market.linksOfEpisodes(episodes.map((e) => e.key));
    const eventLinks = await this.sql.all<{ episodeKey: string; n: unknown }>('SELECT "episodeKey", COUNT(*) AS n FROM event_episode GROUP BY "episodeKey"');
    const eventsOfEpisode = new Map(eventLinks.map((row) => [row.episodeKey, count(row.n)]));
    const windowsOfEpisode = new Map<string, number>();
    const episodesOfWindow = new Map<string, number>();
    const eventsOfWindow = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
    for (const link of links) {
      bump(windowsOfEpisode, link.episodeKey);
      bump(episodesOfWindow, link.windowKey);
      bump(eventsOfWindow, link.windowKey, eventsOfEpisode.get(link.episodeKey) ?? 0);
    }
    const largest = (map: Map<string, number>) => Math.max(0, ...map.values());
    return {
      'TradingEpisode.marketWindows': largest(windowsOfEpisode),
      'MarketDataWindow.episodes': largest(episodesOfWindow),
      'MarketDataWindow.events': largest(eventsOfWindow),
    };
  }

  /** Facet lists: a value per kind of hit, per year the index holds, per authority (every code in the index is one). */
  private async searchFacets(): Promise<Record<string, number>> {
    const [years] = await this.sql.all<{ n: unknown }>('SELECT COUNT(DISTINCT "year") AS n FROM search_document');
    const [authorities] = await this.sql.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM authority');
    return { 'SearchFacets.kinds': Object.keys(SearchKind).length, 'SearchFacets.years': count(years?.n), 'SearchFacets.authorities': count(authorities?.n) };
  }

  /** Passages are split at blank lines: a body has at most one more passage than it has line breaks. */
  private async mostPassages(): Promise<number> {
    const [row] = await this.sql.all<{ n: unknown }>('SELECT MAX(LENGTH("body") - LENGTH(REPLACE("body", ?, \'\'))) AS n FROM announcement', ['\n']);
    return count(row?.n) + 1;
  }
}
