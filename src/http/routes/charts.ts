import { ChartService } from '../../charts/chart.service';
import { decodeNodeId } from '../../core/global-id';
import { sendError } from '../http-error';
import { clientOf, RateLimiter } from '../rate-limiter';
import { Route } from '../router';

const MANAGER_TIMELINE = /^\/charts\/manager\/([a-z0-9-]+)\/timeline\.svg$/;
const WINDOW = /^\/charts\/window\/([A-Za-z0-9_-]+)\.svg$/;

/** The charts a Manager's or a MarketDataWindow's chartUrl names, as SVG; each charged one point per object drawn. */
export function chartsRoute(charts: ChartService, rateLimiter: RateLimiter): Route {
  return {
    matches: (req, url) => req.method === 'GET' && url.pathname.startsWith('/charts/'),
    readsDatabase: true,
    async handle({ req, res, url, requestId }) {
      const manager = MANAGER_TIMELINE.exec(url.pathname);
      const window = WINDOW.exec(url.pathname);
      const draw = async () => {
        if (manager) return charts.managerTimeline(manager[1]);
        const id = window ? decodeNodeId(window[1]) : null;
        return id?.typeName === 'MarketDataWindow' ? charts.window(id.key) : null;
      };
      const client = clientOf(req);
      const chart = await rateLimiter.charged(client, draw, (drawn) => drawn?.objects ?? 1);
      if (chart === null) {
        sendError(res, 404, `No chart at ${url.pathname}; charts are at the chartUrl of a Manager or a MarketDataWindow`, 'NOT_FOUND', requestId);
        return;
      }
      res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'x-request-id': requestId, ...(await rateLimiter.headers(client)) });
      res.end(chart.svg);
    },
  };
}
