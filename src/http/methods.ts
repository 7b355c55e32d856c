import { sendError } from './http-error';
import { RouteRequest } from './router';

/**
 * The read-only routes (charts, exports, citations, permalinks) answer GET and HEAD alike (Node leaves
 * a HEAD's body out); another method is answered 405 naming them, and false tells the route to stop.
 */
export function answersMethod({ req, res, url, requestId }: RouteRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  sendError(res, 405, `${url.pathname.slice(0, 200)} answers GET and HEAD, not ${String(req.method).slice(0, 20)}`, 'METHOD_NOT_ALLOWED', requestId, {
    allow: 'GET, HEAD',
  });
  return false;
}
