import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDataSource } from '../src/database/open';
import { DataVersion } from '../src/database/data-version';
import { entities } from '../src/database/entities';
import { indexTokens } from '../src/search/analyzer';
import { buildSearchDocuments } from '../src/search/search-indexer';
import { Scale } from './dataset';
import { buildDataset } from './gen';
import { dropDatabase, recreateDatabase, siblingUrl } from './postgres';
import { Client } from 'pg';

export interface SeedLoadResult {
  scale: Scale;
  rows: number;
  /** The seed loader: schema check, compile (references, quotes), write with the search index. */
  loaderMs: number;
  loaderPhasesMs: { check: number; compile: number; write: number };
  /** The same rows, search index included, by prepared better-sqlite3 INSERTs in one transaction (on PostgreSQL: multi-row INSERTs through pg). */
  rawMs: number;
  database: 'sqlite' | 'postgres';
  /** Loader speed as a share of raw speed (raw time / loader time). */
  shareOfRaw: number;
}

/**
 * Loads a scale through the seed loader into a fresh database, then inserts exactly the rows it wrote
 * (the analysed search text included) into another fresh database with raw better-sqlite3 statements.
 * Generating the filings and preparing the raw rows are not timed.
 */
export async function measureSeedLoad(scale: Scale, databaseUrl?: string): Promise<SeedLoadResult> {
  if (databaseUrl) return measurePostgresSeedLoad(scale, databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-seed-load-'));
  const loaded = path.join(dir, 'loader.sqlite');
  const build = await buildDataset(scale, 1, loaded);
  const loaderMs = build.timings.check + build.timings.compile + build.timings.write;

  // Every row the loader wrote, table by table, in an order that satisfies the foreign keys.
  const source = await openDataSource({ database: loaded, migrate: false });
  const tables: { name: string; columns: string[]; rows: unknown[][] }[] = [];
  let fts: unknown[][] = [];
  try {
    for (const entity of entities) {
      if (entity === DataVersion) continue;
      const metadata = source.getMetadata(entity);
      const columns = metadata.columns.map((c) => c.databaseName);
      const rows = (await source.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${metadata.tableName}"`)) as Record<string, unknown>[];
      tables.push({ name: metadata.tableName, columns, rows: rows.map((r) => columns.map((c) => r[c])) });
    }
    const ids = new Map(((await source.query('SELECT "id", "key" FROM search_document')) as { id: number; key: string }[]).map((r) => [r.key, r.id]));
    fts = (await buildSearchDocuments(source.manager)).map((doc) => {
      const title = indexTokens(`${doc.title} ${doc.titleExtra}`);
      const body = indexTokens(doc.body);
      return [ids.get(doc.key), title.bi, title.uni, body.bi, body.uni];
    });
  } finally {
    await source.destroy();
  }

  const rawFile = path.join(dir, 'raw.sqlite');
  await (await openDataSource({ database: rawFile })).destroy();
  const db = new Database(rawFile);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  const started = performance.now();
  db.transaction(() => {
    for (const table of [...tables, { name: 'search_fts', columns: ['rowid', 'title_bi', 'title_uni', 'body_bi', 'body_uni'], rows: fts }]) {
      const insert = db.prepare(
        `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      for (const row of table.rows) insert.run(row);
    }
  })();
  const rawMs = performance.now() - started;
  db.close();
  const rows = tables.reduce((sum, t) => sum + t.rows.length, 0) + fts.length;
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    scale,
    database: 'sqlite',
    rows,
    loaderMs,
    loaderPhasesMs: { check: build.timings.check, compile: build.timings.compile, write: build.timings.write },
    rawMs,
    shareOfRaw: rawMs / loaderMs,
  };
}

/**
 * The same comparison on PostgreSQL: the seed loader into a fresh database, then the rows it wrote
 * (the search documents' tsvector included) into another with multi-row INSERTs through pg, 500 rows
 * (at most 30,000 values) a statement, in one transaction. Both databases are dropped afterwards.
 */
async function measurePostgresSeedLoad(scale: Scale, databaseUrl: string): Promise<SeedLoadResult> {
  const loaded = siblingUrl(databaseUrl, 'load');
  const raw = siblingUrl(databaseUrl, 'raw');
  try {
    const build = await buildDataset(scale, 1, loaded);
    const loaderMs = build.timings.check + build.timings.compile + build.timings.write;
    const source = await openDataSource({ url: loaded, migrate: false });
    const tables: { name: string; columns: string[]; rows: unknown[][] }[] = [];
    try {
      for (const entity of entities) {
        if (entity === DataVersion) continue;
        const metadata = source.getMetadata(entity);
        const columns = [...metadata.columns.map((c) => c.databaseName), ...(metadata.tableName === 'search_document' ? ['tsv'] : [])];
        const rows = (await source.query(
          `SELECT ${columns.map((c) => (c === 'tsv' ? '"tsv"::text AS "tsv"' : `"${c}"`)).join(', ')} FROM "${metadata.tableName}"`,
        )) as Record<string, unknown>[];
        tables.push({ name: metadata.tableName, columns, rows: rows.map((r) => columns.map((c) => r[c])) });
      }
    } finally {
      await source.destroy();
    }
    await recreateDatabase(raw);
    await (await openDataSource({ url: raw })).destroy();
    const client = new Client({ connectionString: raw });
    await client.connect();
    let rawMs: number;
    try {
      const started = performance.now();
      await client.query('BEGIN');
      for (const table of tables) {
        const batch = Math.min(500, Math.floor(30_000 / table.columns.length));
        for (let i = 0; i < table.rows.length; i += batch) {
          const chunk = table.rows.slice(i, i + batch);
          let n = 0;
          const tuples = chunk.map(() => `(${table.columns.map(() => `$${++n}`).join(', ')})`);
          await client.query(`INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
        }
      }
      await client.query('COMMIT');
      rawMs = performance.now() - started;
    } finally {
      await client.end();
    }
    const rows = tables.reduce((sum, t) => sum + t.rows.length, 0);
    return {
      scale,
      database: 'postgres',
      rows,
      loaderMs,
      loaderPhasesMs: { check: build.timings.check, compile: build.timings.compile, write: build.timings.write },
      rawMs,
      shareOfRaw: rawMs / loaderMs,
    };
  } finally {
    await dropDatabase(loaded);
    await dropDatabase(raw);
  }
}

if (require.main === module) {
  const scale = (process.argv[2] ?? 'S') as Scale;
  measureSeedLoad(scale).then((r) => console.log(JSON.stringify(r, null, 2)));
}
