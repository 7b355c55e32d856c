import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../src/config/config';
import { runCommand } from '../src/cli/run-command';

/**
 * Redraws the charts README.md embeds from what the server serves today: the compiled server (as
 * `npm start` runs it) on a fresh database it seeds itself, each chart fetched from the route the
 * README's `curl` fetches it from, and written over the embedded file.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/readme-chart.js
 *
 * test/readme-examples.spec.ts fails while an embedded chart differs from the server's by one byte.
 */

/** Where README.md's screenshots are: what a program shows of an export (test/spreadsheets-libreoffice.spec.ts converts the exports as it does), not a route's bytes. */
export const SCREENSHOTS = 'docs/screenshots/';

/** An image README.md embeds and the route its `curl -o` example fetches it from. */
export interface ReadmeChart {
  /** The embedded file, relative to the project root (`docs/ningbo-lingjun-timeline.png`). */
  file: string;
  /** The route that draws it (`/charts/manager/ningbo-lingjun/timeline.png`). */
  route: string;
  /** The README line that embeds it. */
  line: number;
}

/**
 * Every image README.md embeds, each paired with the `curl -o NAME http://localhost:4000/ROUTE`
 * example that writes a file of the same name; an image without one is an error, since nothing would
 * say where it comes from.
 */
export function readmeCharts(readme: string): ReadmeChart[] {
  const lines = readme.split('\n');
  const routes = new Map<string, string>();
  for (const line of lines) {
    const curl = /\bcurl\b.*?-o\s+(\S+).*?'?http:\/\/localhost:\d+(\/[^\s']*)'?/.exec(line);
    if (curl) routes.set(path.basename(curl[1]), curl[2]);
  }
  const charts: ReadmeChart[] = [];
  lines.forEach((line, i) => {
    for (const image of line.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
      // A screenshot of a program opening an export (docs/screenshots/) is no route's drawing.
      if (image[1].startsWith(SCREENSHOTS)) continue;
      const route = routes.get(path.basename(image[1]));
      if (!route) throw new Error(`README.md:${i + 1}: ${image[1]} is embedded, but no curl -o example says which route draws it`);
      charts.push({ file: image[1], route, line: i + 1 });
    }
  });
  return charts;
}

/** The compiled server as `npm start` runs it, on a database it seeds itself; resolves once it listens. */
function startServer(dbPath: string): Promise<{ url: string; stop(): Promise<void> }> {
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DB_PATH: dbPath, DATABASE_URL: '', SEED_ON_START: 'true', MEILI_URL: '' };
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /at (http:\/\/[^\s"]+)\/graphql/.exec(output);
      if (listening) resolve({ url: listening[1], stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
}

async function main(): Promise<number> {
  const charts = readmeCharts(fs.readFileSync(projectPath('README.md'), 'utf8'));
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-readme-chart-')), 'kb.sqlite');
  const server = await startServer(dbPath);
  try {
    for (const chart of charts) {
      const response = await fetch(`${server.url}${chart.route}`);
      if (response.status !== 200) throw new Error(`GET ${chart.route}: HTTP ${response.status}: ${await response.text()}`);
      const body = Buffer.from(await response.arrayBuffer());
      const file = projectPath(chart.file);
      const before = fs.existsSync(file) ? fs.readFileSync(file) : null;
      fs.writeFileSync(file, body);
      console.log(`${chart.file}: ${before?.equals(body) ? 'unchanged' : 'redrawn'} from GET ${chart.route} (${body.length} bytes)`);
    }
  } finally {
    await server.stop();
    fs.rmSync(path.dirname(dbPath), { recursive: true, force: true });
  }
  return 0;
}

if (require.main === module) runCommand(main);
