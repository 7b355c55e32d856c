import { ApolloServer } from '@apollo/server';
import { Context } from '../../api/context';
import { Services } from '../../api/services';
import { RECORDS_PATH } from '../../citations/citation.service';
import { BadUserInputError } from '../../core/errors';
import { fromGlobalId } from '../../core/global-id';
import { eventPages, Execute, filterFromQuery } from '../../exports/exports';
import { sendError, sendJson } from '../http-error';
import { chargedExecutor } from '../in-process';
import { clientOf, RateLimiter } from '../rate-limiter';
import { READ_ONLY, Route, RouteRequest } from '../router';

const CITATIONS = /^\/export\/citations\.(json|ris|bib)$/;
const RECORD = new RegExp(`^${RECORDS_PATH}([^/]*)$`);

/** Each download: the GraphQL format, its media type and file name. */
const DOWNLOADS = {
  json: { format: 'CSL_JSON', type: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  ris: { format: 'RIS', type: 'application/x-research-info-systems; charset=utf-8' },
  bib: { format: 'BIBTEX', type: 'application/x-bibtex; charset=utf-8' },
} as const;

const SOURCES = 'sources { quote note announcement { id slug kind title language publishedOn url documentNumber } }';
const RECORD_QUERY = `query Record($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Event { type date datePrecision dateNote title titleEn summary authority { code nameZh nameEn } managers { slug shortName } ${SOURCES} }
    ... on PerformanceFigure { subjectKind metric comparator valuePercent count periodLabel periodStart periodEnd asOf dataVendor basis disclosure { id title } ${SOURCES} }
    ... on Announcement { slug kind title language publishedOn dateNote url documentNumber authority { code nameZh nameEn } manager { slug shortName } quotedIn { id slug title } }
    ... on Manager { slug legalName shortName englishName ${SOURCES} }
    ... on Product { slug name ${SOURCES} }
    ... on Person { slug name education ${SOURCES} }
    ... on Authority { code authorityKind: kind nameZh nameEn ${SOURCES} }
    ... on Concept { slug term termEn definition ${SOURCES} }
    ... on GlossaryTerm { slug chinese english eventTypes ${SOURCES} }
    ... on MarketDataWindow { instrument { code name nameEn } start end startLevel endLevel changePercent turnoverCny windowBasis: basis chartUrl ${SOURCES} }
    ... on TradingEpisode { exchange { code } episodeManager: manager { slug shortName } side amountCny start end durationSeconds description ${SOURCES} }
  }
}`;

/**
 * Citations a reference manager imports: /export/citations.json (CSL-JSON), .ris and .bib (BibTeX, or
 * BibLaTeX with ?dialect=biblatex), over the events query's filters; and the permalink of every record,
 * GET /records/<global id>, the record as JSON with its sources. Every operation is charged its cost.
 */
export function citationsRoute(apollo: ApolloServer<Context>, services: Services, rateLimiter: RateLimiter): Route {
  const executorFor = chargedExecutor(apollo, services, rateLimiter);
  return {
    matches: (_req, url) => CITATIONS.test(url.pathname) || url.pathname.startsWith(RECORDS_PATH),
    readsDatabase: true,
    methods: READ_ONLY,
    async handle(request) {
      const client = clientOf(request.req);
      const charged = executorFor(request.req);
      const headers = async () => ({ 'x-request-id': request.requestId, ...(await rateLimiter.headers(client)) });
      const download = CITATIONS.exec(request.url.pathname);
      if (download) await sendCitations(request, charged, download[1] as keyof typeof DOWNLOADS, await headers());
      else await sendRecord(request, charged, RECORD.exec(request.url.pathname)?.[1] ?? '', await headers());
    },
  };
}

/** The format a download asks for: `dialect` (bibtex or biblatex) only for .bib; it is no filter of the events. */
function formatOf(extension: keyof typeof DOWNLOADS, search: URLSearchParams): string {
  const dialect = search.get('dialect');
  if (search.getAll('dialect').length > 1) throw new BadUserInputError('the parameter "dialect" is given more than once; give it once', 'dialect');
  if (dialect === null) return DOWNLOADS[extension].format;
  if (extension !== 'bib') throw new BadUserInputError('the parameter "dialect" is for /export/citations.bib only', 'dialect');
  if (dialect !== 'bibtex' && dialect !== 'biblatex')
    throw new BadUserInputError(`the parameter "dialect" must be bibtex or biblatex, not "${dialect.slice(0, 40)}"`, 'dialect');
  return dialect === 'biblatex' ? 'BIBLATEX' : 'BIBTEX';
}

async function sendCitations({ res, url }: RouteRequest, execute: Execute, extension: keyof typeof DOWNLOADS, headers: Record<string, string>) {
  const format = formatOf(extension, url.searchParams);
  const filters = new URLSearchParams(url.searchParams);
  filters.delete('dialect');
  const filter = filterFromQuery(filters);
  const nodes = await eventPages(execute, filter, 'citation(format: $format)', { declarations: ', $format: CitationFormat!', variables: { format } });
  const citations: string[] = nodes.map((node) => node.citation);
  const body =
    format === 'CSL_JSON'
      ? `${JSON.stringify(
          citations.flatMap((text) => JSON.parse(text) as unknown[]),
          null,
          2,
        )}\n`
      : citations.map((text) => text.trimEnd()).join('\n\n') + '\n';
  res.writeHead(200, {
    'content-type': DOWNLOADS[extension].type,
    'content-length': Buffer.byteLength(body),
    'content-disposition': `attachment; filename="fundwatch-citations.${extension}"`,
    ...headers,
  });
  res.end(body);
}

async function sendRecord({ res, requestId }: RouteRequest, execute: Execute, id: string, headers: Record<string, string>) {
  fromGlobalId(id);
  const { node } = await execute(RECORD_QUERY, { id });
  if (!node) {
    sendError(res, 404, `There is no record ${JSON.stringify(id.slice(0, 200))}; it may have been removed from the curated data`, 'NOT_FOUND', requestId);
    return;
  }
  sendJson(res, 200, { record: node }, headers);
}
