import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS } from '../src/core/limits';
import { createLogger } from '../src/core/logger';
import { startServer } from '../src/http/server';
import { loadSeed } from '../seed/loader';
import { openDataSource } from '../src/database/open';
import { projectPath } from '../src/config/config';
import { HOSTILE_QUERIES, JOURNALIST_QUERIES } from '../test/journalist/queries';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROUNDS = 40;
const TARGET_MS = 50;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * How long the defaults take to refuse each hostile query, over real HTTP on loopback, side by side
 * with the time to answer `{ __typename }` and the journalist's dossier in the same run (rounds
 * interleaved, so the machine's noise falls on all alike). The target: every refusal under 50 ms.
 */
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-refusals-'));
  const dataSource = await openDataSource({ database: path.join(dir, 'kb.sqlite') });
  await loadSeed(dataSource, projectPath('seed'));
  const server = await startServer(
    dataSource,
    {
      port: 0,
      host: '127.0.0.1',
      exposeStackTraces: false,
      limits: { ...DEFAULT_LIMITS, rateLimitPointsPerMinute: 1e9 },
      responseCache: { maxBytes: 0, maxAgeSeconds: 0 },
    },
    null,
    createLogger('silent'),
  );
  const post = async (query: string, variables?: unknown) => {
    const started = performance.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { ms: performance.now() - started, status: response.status, code: body.errors?.[0]?.extensions?.code ?? null };
  };
  const dossier = JOURNALIST_QUERIES[0];
  const cases = [
    { name: '{ __typename }', run: () => post('{ __typename }') },
    { name: `answered: ${dossier.name}`, run: () => post(dossier.query, dossier.variables) },
    ...HOSTILE_QUERIES.map((h) => ({ name: `refused: ${h.name}`, run: () => post(h.query) })),
  ];
  const times = cases.map(() => [] as number[]);
  const outcomes = cases.map(() => '');
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < cases.length; i += 1) {
      const { ms, status, code } = await cases[i].run();
      if (round > 2) times[i].push(ms);
      outcomes[i] = `${status}${code ? ` ${code}` : ''}`;
    }
  }
  const base = median(times[0]);
  console.log(`| case | answer | median ms | × { __typename } | under ${TARGET_MS} ms |\n|---|---|---|---|---|`);
  cases.forEach((c, i) =>
    console.log(
      `| ${c.name} | ${outcomes[i]} | ${median(times[i]).toFixed(2)} | ${(median(times[i]) / base).toFixed(1)} | ${c.name.startsWith('refused') ? (median(times[i]) < TARGET_MS ? 'yes' : 'NO') : ''} |`,
    ),
  );
  await server.stop();
  await dataSource.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
