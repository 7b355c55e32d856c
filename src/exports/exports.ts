import { BadUserInputError } from '../core/errors';

/** Runs a GraphQL operation against the API's own schema and returns its data, or throws its first error. */
export type Execute = (query: string, variables: Record<string, unknown>) => Promise<Record<string, any>>;

const CITATION = 'quote note announcement { slug title kind url }';

const EVENT_FIELDS = `
  id type date datePrecision dateNote title titleEn summary
  authority { code nameZh nameEn }
  managers { slug shortName englishName }
  products { slug name }
  sources { ${CITATION} }
  ... on ExchangePenalty { measure measureCategory stage ruleCited ruleText reason tradingEpisodes { id exchange { code } side amountCny start end } }
  ... on TradingSuspension { startDate tradingDays endDate resumeDate scope reason tradingEpisodes { id exchange { code } side amountCny start end } }
  ... on LiquidationNotice { liquidationKind liquidationGroupFormed deregistrationPlanned }
  ... on RegulatoryMeasure { regulatoryMeasure: measure measureCategory durationMonths reason }
  ... on PerformanceDisclosure { dataVendor asOf figures { subjectKind product { slug name } manager { slug shortName } cohort metric comparator valuePercent count countComparator periodStart periodEnd periodLabel asOf dataVendor basis sources { ${CITATION} } } }
  ... on MarketRumor { claim rumorStatus assessment denials { speaker statement manager { slug } sources { ${CITATION} } } }
`;

/** The filter of an export, from query parameters: comma-separated or repeated (`types=A,B` or `types=A&types=B`). */
export function filterFromQuery(search: URLSearchParams): Record<string, unknown> {
  const lists = ['types', 'authorities', 'managerSlugs', 'measures', 'stages'];
  const known = [...lists, 'from', 'to'];
  for (const key of new Set(search.keys())) {
    if (!known.includes(key)) throw new BadUserInputError(`unknown parameter "${key.slice(0, 100)}"; the filters are ${known.join(', ')}`, key.slice(0, 100));
    const times = search.getAll(key).length;
    if (!lists.includes(key) && times > 1) throw new BadUserInputError(`the parameter "${key}" is given ${times} times; give it once`, key);
  }
  const list = (name: string) => {
    const values = search
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    return values.length ? values : undefined;
  };
  return { ...Object.fromEntries(lists.map((name) => [name, list(name)])), from: search.get('from') ?? undefined, to: search.get('to') ?? undefined };
}

/**
 * An error of the export's own query in the words of its URL: `Variable "$filter" got invalid value
 * "NOPE" at "filter.types[0]"; …` becomes `The URL parameter "types" has an invalid value "NOPE"; …`, and a
 * list over the API's bounds (`The argument "filter" of events.types holds 500 items`) is the parameter's.
 */
export function inUrlTerms(message: string): string {
  // A list or string over the bounds the API takes: `The argument "filter" of events.types holds 500 items; …`.
  const oversized = /^The argument "filter" of events\.(\w+)(?:\[\d+\])* (.*)$/s.exec(message);
  if (oversized) return `The URL parameter "${oversized[1]}" ${oversized[2]}`;
  const found = /^Variable "\$(\w+)" got invalid value (.*?)(?: at "(?:filter\.)?(\w+)(?:\[\d+\])?")?; /.exec(message);
  if (!found) return message;
  const parameter = found[3] ?? found[1];
  const rest = message.slice(found[0].length);
  if (parameter === 'filter') return `The URL parameters have an invalid value ${found[2]}; ${rest}`;
  return `The URL parameter "${parameter}" has an invalid value ${found[2]}; ${rest}`;
}

/**
 * Every event matching the filter, newest first, each as `selection` reads it: the events query run
 * page after page. `variables` are the selection's own (declared in `declarations`, e.g. `, $format: CitationFormat!`).
 */
export async function eventPages(
  execute: Execute,
  filter: Record<string, unknown>,
  selection: string,
  own: { declarations: string; variables: Record<string, unknown> } = { declarations: '', variables: {} },
): Promise<Record<string, any>[]> {
  const events: Record<string, any>[] = [];
  const query = `query Export($filter: EventFilter, $after: String${own.declarations}) { events(filter: $filter, first: 100, after: $after) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`;
  for (let after: string | null = null; ;) {
    const data: Record<string, any> = await execute(query, { ...own.variables, filter, after });
    events.push(...data.events.nodes);
    if (!data.events.pageInfo.hasNextPage) return events;
    after = data.events.pageInfo.endCursor;
  }
}

/** Every event matching the filter, newest first, with every field and source: what `events` serves, all pages. */
export function exportEvents(execute: Execute, filter: Record<string, unknown>): Promise<Record<string, any>[]> {
  return eventPages(execute, filter, `__typename ${EVENT_FIELDS}`);
}

/** A manager with everything linked to it and every citation, as one JSON document. */
export async function exportManager(execute: Execute, slug: string): Promise<Record<string, any> | null> {
  const source = 'sources { quote note announcement { slug title kind url publishedOn dateNote quotedIn { slug } } }';
  const data = await execute(
    `query ExportManager($slug: String!) {
      manager(slug: $slug) {
        id slug legalName shortName englishName aliases foundedOn city aumBand status description ${source}
        people { id slug name education roles { organization title current manager { slug } } ${source} }
        products { id slug name aliases isFlagship strategy ${source} performance { metric comparator valuePercent count countComparator periodStart periodEnd periodLabel asOf dataVendor basis ${source} } }
        performance { subjectKind metric comparator valuePercent count countComparator periodStart periodEnd periodLabel asOf dataVendor basis ${source} }
        tradingEpisodes { id exchange { code } side amountCny start end durationSeconds description ${source}
          shareOfTurnover { percent basis sameInterval episodeSeconds windowSeconds note }
          marketWindows { id basis instrument { code name nameEn } start end startLevel endLevel changePercent turnoverCny ${source} } }
        events(first: 100) { totalCount nodes { __typename ${EVENT_FIELDS} } }
        timeline { date datePrecision kind title titleEn tradingDaysSincePrevious event { id } }
      }
    }`,
    { slug },
  );
  return data.manager;
}
