/**
 * Starter queries for the GraphiQL playground: what a journalist would ask first.
 *
 * Each query begins with a `# <title>` comment line and names its operation. GraphiQL 3 titles a
 * tab after the operation name (it skips comment lines when it looks for one), so the name is
 * what shows on the tab and the comment is what the reader sees first in the editor.
 *
 * Written against the public schema contract only. Kept shallow (depth <= 6) and every list
 * asks for at most 20 items.
 */

/** One pre-loaded tab of the playground. */
export interface PlaygroundExample {
  /** Human title; also the first line of `query`, as a `# <title>` comment. */
  title: string;
  /** A GraphQL document with one named operation. */
  query: string;
  /** Values for the operation's variables, shown in the variables editor. */
  variables?: Record<string, unknown>;
}

/** Builds an example whose query opens with the `# <title>` comment line. */
function example(title: string, body: string, variables?: Record<string, unknown>): PlaygroundExample {
  const query = `# ${title}\n${body.trim()}\n`;
  return variables === undefined ? { title, query } : { title, query, variables };
}

export const playgroundExamples: PlaygroundExample[] = [
  example(
    'Who was suspended, by whom, until when',
    `
query WhoWasSuspended($first: Int, $after: String) {
  events(filter: { types: [TRADING_SUSPENSION] }, first: $first, after: $after) {
    totalCount
    nodes {
      date
      title
      manager { shortName }
      authority { code nameZh nameEn }
      ... on TradingSuspension {
        exchange { code }
        startDate
        tradingDays
        endDate
        resumeDate
      }
      sources {
        quote
        announcement { title kind }
      }
    }
    # Next page: put endCursor into the "after" variable.
    pageInfo { hasNextPage endCursor }
  }
}`,
    { first: 20 },
  ),

  example(
    'Ningbo Lingjun: everything with sources',
    `
# Other slugs: high-flyer, minghong, ningbo-mingling, ubiquant
query ManagerDossier($slug: String!) {
  manager(slug: $slug) {
    id
    slug
    legalName
    shortName
    englishName
    aliases
    foundedOn
    status
    aumBand
    people {
      name
      roles { organization title current }
    }
    products { name isFlagship }
    sources {
      quote
      announcement { title }
    }
    events(first: 20) {
      totalCount
      nodes {
        __typename
        date
        title
        summary
        authority { code nameEn }
        products { name }
        ... on TradingSuspension { startDate tradingDays endDate resumeDate }
        ... on ExchangePenalty { measure stage ruleCited }
        ... on LiquidationNotice { liquidationKind }
        ... on MarketRumor { claim rumorStatus }
        sources {
          quote
          note
          announcement { title kind }
        }
      }
    }
  }
}`,
    { slug: 'ningbo-lingjun' },
  ),

  example(
    'What the market did in the minute of the sell-off',
    `
query SellOffMinute($from: DateTime, $to: DateTime) {
  marketWindows(filter: { from: $from, to: $to }, first: 10) {
    nodes {
      instrument { code name }
      start
      end
      startLevel
      endLevel
      changePercent
      turnoverCny
      episodes {
        manager { shortName }
        exchange { code }
        side
        amountCny
        start
        end
        shareOfTurnoverPercent
      }
      events { title }
    }
  }
}`,
    { from: '2024-02-19T09:30:00+08:00', to: '2024-02-19T09:31:00+08:00' },
  ),

  example(
    'Penalties and measures by authority',
    `
# Every exchange penalty and regulatory measure, with who took it (some, like the window
# guidance, name no authority). To narrow, set the variables: "authorities" by code or name
# (SSE, 上交所; the codes are under "authorities" in the result), "measures" (PUBLIC_REPRIMAND,
# ORDER_TO_CORRECT …), "stages" (INITIATED, DECIDED), "from" and "to" ("2024-02-20").
query PenaltiesAndMeasures($authorities: [String!], $measures: [Measure!], $stages: [SanctionStage!], $from: Date, $to: Date) {
  authorities { code nameZh shortNameZh nameEn kind }
  events(
    filter: { types: [EXCHANGE_PENALTY, REGULATORY_MEASURE], authorities: $authorities, measures: $measures, stages: $stages, from: $from, to: $to }
    first: 20
  ) {
    totalCount
    edges {
      cursor
      node {
        type
        date
        title
        manager { shortName }
        authority { code nameEn }
        ... on ExchangePenalty {
          exchange { code nameEn }
          measure
          stage
          ruleCited
          ruleText
          tradingEpisodes { amountCny start end }
        }
        ... on RegulatoryMeasure {
          regulatoryMeasure: measure
          measureCategory
          durationMonths
        }
        sources {
          quote
          announcement { title }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    { authorities: null, measures: null, stages: null, from: null, to: null },
  ),

  example(
    'Liquidations and dissolutions',
    `
query Liquidations {
  events(filter: { types: [LIQUIDATION_NOTICE] }, first: 20) {
    totalCount
    nodes {
      date
      title
      summary
      manager { shortName }
      products { name }
      ... on LiquidationNotice { liquidationKind }
      sources {
        quote
        note
        announcement { title kind }
      }
    }
  }
}`,
  ),

  example(
    'How products performed, per data vendor',
    `
query PerformanceByVendor {
  events(filter: { types: [PERFORMANCE_DISCLOSURE] }, first: 20) {
    totalCount
    nodes {
      date
      title
      manager { shortName }
      products { name }
      ... on PerformanceDisclosure {
        dataVendor
        asOf
        figures { metric valuePercent periodLabel asOf dataVendor }
      }
      sources {
        quote
        announcement { title }
      }
    }
  }
}`,
  ),

  example(
    'Cite it and chart it: the SSE on Ningbo Lingjun',
    `
query CiteAndChart($format: CitationFormat!) {
  events(filter: { authorities: ["SSE"], managerSlugs: ["ningbo-lingjun"] }, first: 20) {
    nodes {
      date
      title
      # One entry per document the fact cites, with its quotes and permalink: CSL_JSON, RIS, BIBTEX or BIBLATEX.
      citation(format: $format)
    }
  }
  manager(slug: "ningbo-lingjun") {
    shortName
    # Paths relative to this server: open them, or /export/citations.ris and /export/events.xlsx.
    svg: chartUrl
    png: chartUrl(format: PNG)
  }
}`,
    { format: 'RIS' },
  ),
];
