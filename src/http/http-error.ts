import http from 'node:http';

/** A request the edge refuses: the status, a message that says what was wrong, and a code of our own. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly headers: Record<string, string> = {},
    /** More of `extensions` than the code and the request id, e.g. the limit a 429 refers to. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A JSON answer with its length; `connection: close` when the rest of the request will not be read. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error answer: `{ errors: [{ message, extensions: { code, requestId } }] }`. */
export function sendError(
  res: http.ServerResponse,
  status: number,
  message: string,
  code: string,
  requestId: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
) {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extensions, requestId } }] }, { 'x-request-id': requestId, ...headers });
}
