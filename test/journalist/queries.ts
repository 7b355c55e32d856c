/**
 * Questions a journalist writes in the playground, as written: whole dossiers, every field of every
 * event type, pages of 100. The spec test/journalist-queries.spec.ts answers each under the default
 * limits; `answered` names the list whose length shows the question found its data.
 */
export interface JournalistQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** A path to a list in `data` that must not be empty. */
  answered: string;
}

export const CITATION = 'quote note announcement { slug title kind publishedOn url authority { code } }';

export const EPISODE_FIELDS = `
fragment Episode on TradingEpisode {
  id side amountCny start end durationSeconds description shareOfTurnoverPercent
  shareOfTurnover { percent basis }
  exchange { code nameZh }
  manager { slug shortName }
  sources { ${CITATION} }
  marketWindows { id basis start end durationSeconds startLevel endLevel changePercent turnoverCny chartUrl instrument { code name } sources { quote } }
}`;

/** Every field of every event type, as the playground's autocompletion offers them. */
export const EVENT_FIELDS = `
fragment EventFields on Event {
  id type title titleEn date datePrecision dateNote summary
  authority { code nameZh nameEn kind }
  manager { slug shortName englishName }
  managers { slug shortName }
  products { slug name }
  sources { ${CITATION} }
  ... on ExchangePenalty { exchange { code } measure measureCategory stage reason ruleCited ruleText tradingEpisodes { ...Episode } }
  ... on TradingSuspension { exchange { code } startDate endDate resumeDate tradingDays scope reason tradingEpisodes { ...Episode } }
  ... on RegulatoryMeasure { measure measureCategory durationMonths reason }
  ... on LiquidationNotice { liquidationKind liquidationGroupFormed deregistrationPlanned }
  ... on MarketRumor { claim rumorStatus assessment denials { speaker statement manager { slug } sources { ${CITATION} } } }
  ... on PerformanceDisclosure { asOf dataVendor figures { metric valuePercent periodLabel periodStart periodEnd asOf dataVendor basis subjectKind comparator product { slug } manager { slug } sources { quote } } }
}
${EPISODE_FIELDS}`;

const MANAGER_FIELDS = 'id slug shortName legalName englishName aliases status aumBand foundedOn city description chartUrl';

/** The dossier of the issue that refused it: one manager, everything about it. */
export function dossier(first: number, extra = ''): string {
  return `query Dossier($slug: String!) {
  manager(slug: $slug) {
    ${MANAGER_FIELDS}
    sources { ${CITATION} }
    people { slug name roles { title organization current } }
    products { slug name isFlagship strategy aliases performance { metric valuePercent asOf dataVendor } }
    events(first: ${first}) { totalCount pageInfo { hasNextPage endCursor } nodes { ...EventFields } }
    tradingEpisodes { ...Episode }
    timeline { date kind title tradingDaysSincePrevious }
    ${extra}
  }
}
${EVENT_FIELDS}`;
}

export const JOURNALIST_QUERIES: JournalistQuery[] = [
  { name: 'the dossier of Ningbo Lingjun, events 100 a page', query: dossier(100), variables: { slug: 'ningbo-lingjun' }, answered: 'manager.events.nodes' },
  { name: 'the dossier of Minghong, events 100 a page', query: dossier(100), variables: { slug: 'minghong' }, answered: 'manager.events.nodes' },
  {
    name: 'every event with every field of every type, 100 a page',
    query: `{ events(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { ...EventFields } } }\n${EVENT_FIELDS}`,
    answered: 'events.nodes',
  },
  {
    name: 'every event as edges with cursors, 100 a page',
    query: `{ events(first: 100) { edges { cursor node { ...EventFields } } } }\n${EVENT_FIELDS}`,
    answered: 'events.edges',
  },
  {
    name: 'every manager with its 20 newest events and their sources',
    query: `{ managers(first: 100) { totalCount nodes { ${MANAGER_FIELDS} events(first: 20) { totalCount nodes { id type title date authority { code } sources { ${CITATION} } } } } } }`,
    answered: 'managers.nodes',
  },
  {
    name: 'search hits with the objects behind them',
    query: `query($q: String!) { search(query: $q, first: 50) { totalCount countsAreExact engine facets { kinds { value count } authorities { value count } years { value count } } hits { kind title snippet score matchedTerms passageIndex node { id ... on Announcement { slug title publishedOn authority { code } } ... on Manager { slug shortName } ... on Event { ...EventFields } } } } }\n${EVENT_FIELDS}`,
    variables: { q: '灵均' },
    answered: 'search.hits',
  },
  {
    name: 'search in English with the events behind the hits',
    query: `{ search(query: "reprimand", first: 20) { totalCount hits { snippet matchedTerms node { id ... on Event { ...EventFields } } } } }\n${EVENT_FIELDS}`,
    answered: 'search.hits',
  },
  {
    name: 'market windows with their episodes and events',
    query: `{ marketWindows(first: 100) { totalCount nodes { id basis start end startLevel endLevel changePercent turnoverCny chartUrl instrument { code name nameEn } sources { ${CITATION} } episodes { ...Episode events { id title } } events { ...EventFields } } } }\n${EVENT_FIELDS}`,
    answered: 'marketWindows.nodes',
  },
  {
    name: 'products with performance, as of when, per which vendor',
    query: `{ products(first: 100) { totalCount nodes { slug name isFlagship strategy aliases manager { slug shortName } performance { metric valuePercent periodLabel asOf dataVendor basis comparator sources { ${CITATION} } disclosure { title date } } events { id type title date } sources { quote } } } }`,
    answered: 'products.nodes',
  },
  {
    name: 'who was penalised, by whom, for what rule',
    query: `query($types: [EventType!]) { events(first: 100, filter: { types: $types }) { totalCount nodes { ...EventFields } } }\n${EVENT_FIELDS}`,
    variables: { types: ['EXCHANGE_PENALTY', 'REGULATORY_MEASURE', 'TRADING_SUSPENSION'] },
    answered: 'events.nodes',
  },
  {
    name: 'suspensions: from when to when in trading days, and the trading behind them',
    query: `{ events(first: 100, filter: { types: [TRADING_SUSPENSION] }) { nodes { ...EventFields } } }\n${EVENT_FIELDS}`,
    answered: 'events.nodes',
  },
  {
    name: 'which managers dissolved and which products liquidated',
    query: `{ events(first: 100, filter: { types: [LIQUIDATION_NOTICE] }) { nodes { ...EventFields manager { ${MANAGER_FIELDS} products { slug name events { id title } } } } } }\n${EVENT_FIELDS}`,
    answered: 'events.nodes',
  },
  {
    name: 'rumours and who denied them',
    query: `{ events(first: 100, filter: { types: [MARKET_RUMOR] }) { nodes { ...EventFields } } }\n${EVENT_FIELDS}`,
    answered: 'events.nodes',
  },
  {
    name: 'the whole timeline with its events',
    query: `{ timeline(limit: 1000) { date datePrecision kind title titleEn tradingDaysSincePrevious event { ...EventFields } } }\n${EVENT_FIELDS}`,
    answered: 'timeline',
  },
  {
    name: 'every document with its passages and the statements it quotes',
    query: `{ announcements(first: 100) { totalCount nodes { id slug title kind language publishedOn url dateNote authority { code } manager { slug } passages quotedIn { slug } quotedStatements { slug title passages } } } }`,
    answered: 'announcements.nodes',
  },
  {
    name: 'who the authorities are, the concepts and the 2024 calendar',
    query: `{ authorities { code nameZh nameEn shortNameZh kind sources { ${CITATION} } } concepts { slug term termEn aliases definition sources { ${CITATION} } } tradingCalendar(year: 2024) { year tradingDayCount closures { date reason } sources { quote } } }`,
    answered: 'authorities',
  },
  {
    name: "every manager's people, products, episodes and timeline",
    query: `{ managers(first: 100) { nodes { slug shortName people { name roles { title organization current manager { slug } } sources { quote } } products { slug name performance { metric valuePercent asOf dataVendor } } tradingEpisodes { ...Episode } timeline { date kind title tradingDaysSincePrevious event { id type } } } } }\n${EPISODE_FIELDS}`,
    answered: 'managers.nodes',
  },
];

/** Hostile queries the defaults still refuse, each with the code that refuses it. */
export const HOSTILE_QUERIES: { name: string; query: string; code: string }[] = [
  {
    name: 'a cycle of 100-item pages three levels deep',
    query: '{ managers(first: 100) { nodes { events(first: 100) { nodes { managers { events(first: 100) { nodes { id } } } } } } } }',
    code: 'NODE_LIMIT_EXCEEDED',
  },
  {
    name: 'sixteen aliased 100-item pages of 100-item pages, each a list to name and a first to bisect',
    query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: managers(first: 100) { nodes { events(first: 100) { nodes { id title date sources { quote } managers { slug } } } } }`).join(' ')} }`,
    code: 'NODE_LIMIT_EXCEEDED',
  },
  { name: '200 aliases', query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`, code: 'TOO_MANY_ALIASES' },
  {
    name: '3,000 duplicate fields, a fragment of 100 spread 30 times',
    query: `{ events(first: 100) { nodes { ${'...F '.repeat(30)}} } }\nfragment F on Event { ${'id '.repeat(100)}}`,
    code: 'TOO_MANY_FIELDS',
  },
  { name: '3,000 duplicate fields written out', query: `{ events(first: 100) { nodes { ${'id '.repeat(3000)}} } }`, code: 'TOO_MANY_TOKENS' },
  {
    name: 'fragments spreading fragments 30 deep',
    query: [
      '{ managers(first: 100) { nodes { ...F0 } } }',
      ...Array.from(
        { length: 30 },
        (_, i) => `fragment F${i} on Manager { products { manager { ...F${i + 1} } } a${i}: products { manager { ...F${i + 1} } } }`,
      ),
      'fragment F30 on Manager { slug }',
    ].join('\n'),
    code: 'QUERY_TOO_DEEP',
  },
];
