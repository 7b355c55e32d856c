import http from 'node:http';
import { HttpError } from './http-error';

/**
 * Reads a request body up to `maxBytes`. Past the limit the rest is discarded as it arrives and the
 * request is refused with 413 and `connection: close` (the client reads the answer, then the
 * connection ends), whether the body was declared by Content-Length or sent in chunks.
 */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = (what: string) =>
      new HttpError(413, `The request body is ${what}; at most ${maxBytes} bytes are allowed`, 'PAYLOAD_TOO_LARGE', { connection: 'close' });
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) {
      req.resume();
      reject(tooLarge(`${declared} bytes`));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) reject(tooLarge(`larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new HttpError(400, 'The request body could not be read', 'BAD_REQUEST', { connection: 'close' })));
  });
}

/** A POST body as JSON: application/json only, not empty, parseable. */
export async function readJsonBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/(json|graphql-response\+json)\b/.test(contentType)) {
    req.resume();
    throw new HttpError(
      415,
      `Send GraphQL requests as application/json; got ${contentType ? `"${contentType.slice(0, 100)}"` : 'no content type'}`,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') throw new HttpError(400, 'The request body is empty; send a JSON object with a "query"', 'BAD_REQUEST');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}`, 'BAD_REQUEST');
  }
}
