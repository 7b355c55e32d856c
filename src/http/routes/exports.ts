import { ApolloServer } from '@apollo/server';
import http from 'node:http';
import { Context } from '../../api/context';
import { Services } from '../../api/services';
import { eventsToCsv } from '../../exports/events-csv';
import { Execute, exportEvents, exportManager, filterFromQuery } from '../../exports/exports';
import { WorkbookSpec, writeWorkbook } from '../../exports/sheet-writer';
import { eventsWorkbook, managerWorkbook } from '../../exports/workbooks';
import { sendError, sendJson } from '../http-error';
import { chargedExecutor } from '../in-process';
import { clientOf, RateLimiter } from '../rate-limiter';
import { READ_ONLY, Route, RouteRequest } from '../router';

const EVENTS = /^\/export\/events\.(csv|xlsx|json)$/;
const MANAGER = /^\/export\/manager\/([a-z0-9-]+)\.(xlsx|json)$/;
const EXPORTS =
  '/export/events.csv, /export/events.xlsx, /export/events.json, /export/manager/<slug>.xlsx, /export/manager/<slug>.json, /export/citations.json, /export/citations.ris and /export/citations.bib';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type EventsFormat = 'csv' | 'xlsx' | 'json';
type ManagerFormat = 'xlsx' | 'json';
type DataVersion = () => number | Promise<number>;

/**
 * Downloads built from the API's own queries: /export/events.csv, .xlsx and .json (the events query's
 * filters as URL parameters) and /export/manager/<slug>.xlsx and .json. Each operation (an events
 * export runs one per page) is admitted while the client has points left and charged its cost. GET
 * and HEAD are answered alike (a HEAD's body is left out); another method is a 405 naming them.
 * `dataVersion`, when given, is written into a workbook's About sheet.
 */
export function exportsRoute(apollo: ApolloServer<Context>, services: Services, rateLimiter: RateLimiter, dataVersion?: DataVersion): Route {
  const executorFor = chargedExecutor(apollo, services, rateLimiter);
  return {
    matches: (_req, url) => url.pathname === '/export' || url.pathname.startsWith('/export/'),
    readsDatabase: true,
    methods: READ_ONLY,
    async handle(request) {
      const { req, res, url, requestId } = request;
      const client = clientOf(req);
      const charged = executorFor(req);
      const download: Download = {
        execute: charged,
        dataVersion: async () => (dataVersion ? dataVersion() : null),
        headers: async (name: string) => ({
          'content-disposition': `attachment; filename="${name}"`,
          'x-request-id': requestId,
          ...(await rateLimiter.headers(client)),
        }),
      };
      const events = EVENTS.exec(url.pathname);
      const manager = MANAGER.exec(url.pathname);
      if (events) await sendEvents(request, download, events[1] as EventsFormat);
      else if (manager) await sendManager(request, download, manager[1], manager[2] as ManagerFormat);
      else sendError(res, 404, `No export at ${url.pathname.slice(0, 200)}; exports are ${EXPORTS}`, 'NOT_FOUND', requestId);
    },
  };
}

/** What a download needs besides its request: the charged query runner, the data version, its response headers. */
interface Download {
  execute: Execute;
  dataVersion(): Promise<number | null>;
  headers(name: string): Promise<Record<string, string>>;
}

async function sendEvents({ res, url }: RouteRequest, download: Download, format: EventsFormat): Promise<void> {
  const filter = filterFromQuery(url.searchParams);
  const rows = await exportEvents(download.execute, filter);
  const headers = await download.headers(`fundwatch-events.${format}`);
  if (format === 'json') sendJson(res, 200, { filter, count: rows.length, events: rows }, headers);
  else if (format === 'xlsx') {
    // The parameters as read, unescaped, so that a reader sees types=A,B rather than types=A%2CB.
    const query = [...url.searchParams].map(([key, value]) => `${key}=${value}`).join('&');
    await sendWorkbook(res, eventsWorkbook(rows, { query, filter, dataVersion: await download.dataVersion() }), headers);
  } else {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', ...headers });
    res.end(eventsToCsv(rows));
  }
}

async function sendManager({ res, requestId }: RouteRequest, download: Download, slug: string, format: ManagerFormat): Promise<void> {
  const data = await exportManager(download.execute, slug);
  if (!data) {
    sendError(res, 404, `There is no manager "${slug}"; the managers query lists every slug`, 'NOT_FOUND', requestId);
    return;
  }
  const headers = await download.headers(`fundwatch-${slug}.${format}`);
  if (format === 'json') sendJson(res, 200, data, headers);
  else await sendWorkbook(res, managerWorkbook(data, await download.dataVersion()), headers);
}

/**
 * Streams a workbook as it is written. Every query has run before the first byte, so a refusal is
 * still a JSON answer; a client that goes away mid-download ends the writing rather than leaving it waiting.
 */
async function sendWorkbook(res: http.ServerResponse, spec: WorkbookSpec, headers: Record<string, string>): Promise<void> {
  res.writeHead(200, { 'content-type': XLSX_TYPE, ...headers });
  const written = writeWorkbook(res, spec);
  written.catch(() => undefined);
  await Promise.race([written, new Promise((resolve) => res.once('close', resolve))]);
}
