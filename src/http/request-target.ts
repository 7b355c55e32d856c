import { HttpError } from './http-error';

const BASE = 'http://localhost';

/**
 * The path and query of a request target (RFC 9112 §3.2), as a URL. Origin form (`/graphql?x=1`) and
 * absolute form (`http://host/graphql`) are read; the authority and asterisk forms, and anything the
 * URL parser cannot read (`http://[`, `//[`, `http://a:99999/`), are a 400 naming the target. Never
 * throws anything but an HttpError.
 */
export function parseRequestTarget(target: string | undefined): URL {
  const raw = target ?? '/';
  const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  const refuse = (why: string) => new HttpError(400, `The request target ${JSON.stringify(shown)} ${why}`, 'BAD_REQUEST_TARGET', { connection: 'close' });
  if (raw.startsWith('//')) throw refuse('is not a path: a path starts with a single "/"');
  if (!raw.startsWith('/') && !/^https?:\/\//i.test(raw)) throw refuse('is not a path or an http URL');
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    throw refuse('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('is not an http URL');
  return url;
}

/**
 * A Host header (RFC 3986 host and port): a registered name or IPv4 address (unreserved characters,
 * sub-delimiters and percent escapes: `fund_watch` of a container network passes), or a bracketed IPv6
 * address, with an optional port.
 */
const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]+|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?$/;

/**
 * What Node's parser lets through but HTTP/1.1 does not allow (RFC 9112 §3.2): a version other than
 * 1.x, and a request without exactly one Host header of valid syntax (HTTP/1.0 may omit it). A bad
 * version is a 400 rather than 505, so that a 5xx always means the server's own fault.
 */
export function checkRequestHead(req: { httpVersionMajor: number; httpVersionMinor: number; rawHeaders: string[] }): void {
  if (req.httpVersionMajor !== 1) {
    throw new HttpError(400, `HTTP/${req.httpVersionMajor}.${req.httpVersionMinor} is not served here; send HTTP/1.1`, 'HTTP_VERSION_NOT_SUPPORTED', {
      connection: 'close',
    });
  }
  const hosts: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') hosts.push(req.rawHeaders[i + 1]);
  if (hosts.length === 0 && req.httpVersionMinor === 0) return;
  const bad = (why: string) => new HttpError(400, `The request ${why}`, 'BAD_HOST_HEADER', { connection: 'close' });
  if (hosts.length === 0) throw bad('has no Host header, which HTTP/1.1 requires');
  if (hosts.length > 1) throw bad(`has ${hosts.length} Host headers; HTTP/1.1 allows one`);
  if (!HOST.test(hosts[0])) throw bad(`has a Host header that is not a host name or address: ${JSON.stringify(hosts[0].slice(0, 100))}`);
}
