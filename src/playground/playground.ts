/**
 * The GraphiQL playground: the HTML page and the static assets it needs, all from node_modules
 * (no CDN). The server serves `playgroundHtml(...)` for GET /graphql when the client prefers
 * text/html, and the files named by `resolvePlaygroundAsset` under `/playground/`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { PlaygroundExample } from './examples';

export type { PlaygroundExample } from './examples';
export { playgroundExamples } from './examples';

/** Where the server mounts the playground assets. */
export const PLAYGROUND_ASSET_PREFIX = '/playground';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

interface AssetSpec {
  /** npm package holding the file. */
  pkg: string;
  /** Path of the file inside the package. */
  file: string;
  contentType: string;
}

/**
 * The only files the playground serves, by the name they have under the prefix. GraphiQL's UMD
 * bundle expects `window.React` and `window.ReactDOM`, so React must load first.
 */
const ASSETS: ReadonlyMap<string, AssetSpec> = new Map<string, AssetSpec>([
  ['graphiql.min.css', { pkg: 'graphiql', file: 'graphiql.min.css', contentType: CSS }],
  ['react.production.min.js', { pkg: 'react', file: 'umd/react.production.min.js', contentType: JS }],
  ['react-dom.production.min.js', { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS }],
  ['graphiql.min.js', { pkg: 'graphiql', file: 'graphiql.min.js', contentType: JS }],
]);

/** The asset names served under the prefix, in load order. */
export const PLAYGROUND_ASSET_NAMES: readonly string[] = [...ASSETS.keys()];

const resolved = new Map<string, string>();

/** Absolute path of a file in an installed package, even where the package's "exports" hide it. */
function resolvePackageFile(pkg: string, file: string): string {
  try {
    return require.resolve(`${pkg}/${file}`);
  } catch (err) {
    // react and react-dom declare "exports" without their umd/ folder; their package.json is exported.
    const code = (err as { code?: unknown }).code;
    if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && code !== 'MODULE_NOT_FOUND') throw err;
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  }
}

/**
 * Maps a request path such as `/playground/graphiql.min.js` (a query string is ignored) to the
 * file to send. Anything not on the allow-list, including any path with further slashes or dots
 * leading elsewhere, gives null.
 */
export function resolvePlaygroundAsset(urlPath: string, prefix: string = PLAYGROUND_ASSET_PREFIX): { file: string; contentType: string } | null {
  const pathname = urlPath.split(/[?#]/, 1)[0];
  const base = `${prefix.replace(/\/+$/, '')}/`;
  if (!pathname.startsWith(base)) return null;
  const name = pathname.slice(base.length);
  const spec = ASSETS.get(name);
  if (!spec) return null;
  let file = resolved.get(name);
  if (file === undefined) {
    file = resolvePackageFile(spec.pkg, spec.file);
    resolved.set(name, file);
  }
  return { file, contentType: spec.contentType };
}

/** Text safe inside an HTML attribute value or element content. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe inside an inline <script>: no `</script>`, `<!--`, or line separators survive. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** GraphiQL's tab definition: variables are editor text, not objects. */
interface TabDefinition {
  query: string;
  variables?: string;
}

function toTab(example: PlaygroundExample): TabDefinition {
  const tab: TabDefinition = { query: example.query };
  if (example.variables !== undefined && Object.keys(example.variables).length > 0) {
    tab.variables = JSON.stringify(example.variables, null, 2);
  }
  return tab;
}

/** The complete playground page. */
export function playgroundHtml(options: { endpoint: string; assetPrefix: string; examples: PlaygroundExample[] }): string {
  const prefix = options.assetPrefix.replace(/\/+$/, '');
  const asset = (name: string): string => escapeHtml(`${prefix}/${name}`);
  const tabs = options.examples.map(toTab);
  // GraphiQL keeps its tabs in localStorage and then ignores `defaultTabs`; a namespace per set of
  // examples makes a changed set of examples show up instead of last visit's tabs.
  const version = createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12);
  const config = {
    endpoint: options.endpoint,
    storageNamespace: `fundwatch-playground-${version}`,
    tabs,
  };

  const scripts = PLAYGROUND_ASSET_NAMES.filter((name) => ASSETS.get(name)?.contentType === JS)
    .map((name) => `    <script src="${asset(name)}"></script>`)
    .join('\n');

  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <link rel="icon" href="data:,">
    <title>fundwatch — GraphQL playground</title>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}">
    <style>
      html, body, #graphiql { height: 100%; width: 100%; margin: 0; }
      body { overflow: hidden; }
    </style>
  </head>
  <body>
    <div id="graphiql">
      <noscript>The GraphQL playground needs JavaScript. POST queries to ${escapeHtml(options.endpoint)} as application/json.</noscript>
    </div>
${scripts}
    <script>
      (function () {
        'use strict';
        var config = ${scriptJson(config)};
        var container = document.getElementById('graphiql');
        if (typeof GraphiQL === 'undefined' || typeof React === 'undefined' || typeof ReactDOM === 'undefined') {
          container.textContent = 'The GraphQL playground could not load its scripts.';
          return;
        }
        // createFetcher POSTs JSON with "content-type: application/json", which passes Apollo's CSRF check.
        var post = GraphiQL.createFetcher({ url: config.endpoint });
        // Just after a switch of tabs GraphiQL can still send the previous tab's operationName with the
        // new tab's query; a name the query does not define is dropped, so its one operation runs.
        var fetcher = function (params, options) {
          var name = params && params.operationName;
          if (name && !new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(params.query || '')) {
            params = Object.assign({}, params, { operationName: undefined });
          }
          return post(params, options);
        };
        var storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
        var props = { fetcher: fetcher, storage: storage, defaultEditorToolsVisibility: true };
        if (config.tabs.length > 0) {
          props.defaultTabs = config.tabs;
          props.defaultQuery = config.tabs[0].query;
          // GraphiQL 3.8 opens the first of defaultTabs without its variables; on a first visit
          // (no saved tabs) hand them over as the initial editor contents. Later visits restore
          // the saved tabs, which these props would otherwise override.
          if (storage.getItem('graphiql:tabState') === null) {
            props.query = config.tabs[0].query;
            if (config.tabs[0].variables) props.variables = config.tabs[0].variables;
          }
        }
        ReactDOM.createRoot(container).render(React.createElement(GraphiQL, props));
      })();
    </script>
  </body>
</html>
`;
}
