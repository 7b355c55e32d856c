import fs from 'node:fs';
import http from 'node:http';
import { playgroundExamples, playgroundHtml, PLAYGROUND_ASSET_PREFIX, resolvePlaygroundAsset } from '../../playground/playground';
import { GRAPHQL_PATH, Route } from '../router';

/** A browser's request for a page (not a GraphQL client's, which asks for JSON). */
function wantsHtml(req: http.IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

/**
 * The GraphiQL playground: its page at /graphql for browsers (GraphQL clients get the API there), its
 * assets under /playground/, and / sending browsers to it.
 */
export function playgroundRoutes(): Route[] {
  const page = playgroundHtml({ endpoint: GRAPHQL_PATH, assetPrefix: PLAYGROUND_ASSET_PREFIX, examples: playgroundExamples });
  return [
    {
      matches: (req, url) => url.pathname === GRAPHQL_PATH && req.method === 'GET' && wantsHtml(req),
      readsDatabase: false,
      handle({ res, requestId }) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId });
        res.end(page);
      },
    },
    {
      matches: (req, url) => req.method === 'GET' && url.pathname.startsWith(`${PLAYGROUND_ASSET_PREFIX}/`) && resolvePlaygroundAsset(url.pathname) !== null,
      readsDatabase: false,
      handle({ res, url }) {
        const asset = resolvePlaygroundAsset(url.pathname)!;
        res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
        fs.createReadStream(asset.file).pipe(res);
      },
    },
    {
      matches: (req, url) => url.pathname === '/' && req.method === 'GET',
      readsDatabase: false,
      handle({ res }) {
        res.writeHead(302, { location: GRAPHQL_PATH });
        res.end();
      },
    },
  ];
}
