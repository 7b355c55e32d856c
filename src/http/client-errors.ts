import http from 'node:http';
import { Duplex } from 'node:stream';
import { Logger } from '../core/logger';

/** Node's parser errors, as the status and code we answer them with. */
function classify(error: NodeJS.ErrnoException): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The chunk extensions of the request body are too large' };
    default: {
      const { reason } = error as { reason?: unknown };
      const text = typeof reason === 'string' ? reason : error.message;
      return { status: 400, code: 'BAD_HTTP_REQUEST', message: `The request is not valid HTTP/1.1: ${text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200)}` };
    }
  }
}

/**
 * Answers what Node's HTTP parser refused (a malformed request line or header, headers too large, a
 * request too slow) with a JSON error and closes the connection. Node's own answer is a bare status line
 * with no body; a socket that can no longer be written, or that is mid-response, is only destroyed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  const inResponse = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inResponse?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code, message } = classify(error);
  logger.debug({ code: error.code, status }, 'client error');
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
