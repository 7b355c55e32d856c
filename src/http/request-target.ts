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
