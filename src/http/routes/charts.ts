import { ChartFormat } from '../../charts/chart-format';
import { ChartService, DrawnChart } from '../../charts/chart.service';
import { PngTooLargeError, RenderAbandonedError, RendererBusyError } from '../../charts/png';
import { decodeNodeId } from '../../core/global-id';
import { HttpError, sendError } from '../http-error';
import { clientOf, RateLimiter } from '../rate-limiter';
import { READ_ONLY, Route } from '../router';

const MANAGER_TIMELINE = /^\/charts\/manager\/([a-z0-9-]+)\/timeline\.(svg|png)$/;
const WINDOW = /^\/charts\/window\/([A-Za-z0-9_-]+)\.(svg|png)$/;

const CONTENT_TYPES: Record<ChartFormat, string> = { SVG: 'image/svg+xml; charset=utf-8', PNG: 'image/png' };

/**
 * What a PNG costs beside its SVG, per object drawn: drawing its glyphs takes resvg a few hundred
 * times longer than writing the SVG (bench: a seed timeline is about a second and a half).
 */
export const PNG_POINTS_PER_OBJECT = 10;

/** The charts a Manager's or a MarketDataWindow's chartUrl names, as SVG or PNG; charged one point per object drawn, PNG_POINTS_PER_OBJECT for a PNG. */
export function chartsRoute(charts: ChartService, rateLimiter: RateLimiter): Route {
  return {
    matches: (_req, url) => url.pathname.startsWith('/charts/'),
    readsDatabase: true,
    methods: READ_ONLY,
    async handle(request) {
      const { req, res, url, requestId } = request;
      // A client that hangs up gives its place in the PNG renderer's queue back.
      const gone = new AbortController();
      res.once('close', () => res.writableFinished || gone.abort());
      const manager = MANAGER_TIMELINE.exec(url.pathname);
      const window = WINDOW.exec(url.pathname);
      const format = (manager ?? window)?.[2] === 'png' ? ChartFormat.PNG : ChartFormat.SVG;
      const draw = async (): Promise<DrawnChart | null> => {
        if (manager) return charts.managerTimeline(manager[1], format, gone.signal);
        const id = window ? decodeNodeId(window[1]) : null;
        return id?.typeName === 'MarketDataWindow' ? charts.window(id.key, format, gone.signal) : null;
      };
      const client = clientOf(req);
      const perObject = format === ChartFormat.PNG ? PNG_POINTS_PER_OBJECT : 1;
      const chart = await rateLimiter.charged(
        client,
        () => draw().catch(refusal),
        (drawn) => (drawn?.objects ?? 1) * perObject,
      );
      if (chart === null) {
        sendError(res, 404, `No chart at ${url.pathname.slice(0, 200)}; charts are at the chartUrl of a Manager or a MarketDataWindow`, 'NOT_FOUND', requestId);
        return;
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[chart.format],
        'content-length': String(chart.body.length),
        'x-request-id': requestId,
        ...(await rateLimiter.headers(client)),
      });
      res.end(chart.body);
    },
  };
}

/** The renderer's refusals as the edge answers them: busy is 503 with Retry-After, too large is 400 (fetch the SVG). */
function refusal(error: unknown): never {
  if (error instanceof RendererBusyError) throw new HttpError(503, error.message, 'RENDERER_BUSY', { 'retry-after': '2' });
  if (error instanceof PngTooLargeError) throw new HttpError(400, error.message, 'CHART_TOO_LARGE');
  // Nobody is there to read an answer; the router's answer to a closed response is to let it go.
  if (error instanceof RenderAbandonedError) throw new HttpError(503, error.message, 'CLIENT_GONE');
  throw error;
}
