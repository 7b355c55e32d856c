import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { openDataSource } from '../src/database/open';
import { applyRows, compileFilings, Located, parseFiling, SeedChanges, SeedProblem, SeedValidationError } from '../seed/loader';
import { Filing } from '../seed/filing-schema';
import { loadConfig, projectPath } from '../src/config/config';
import { runCommand } from '../src/cli/run-command';
import { generateFilings, Scale, SCALES } from './dataset';
import { isDatabaseUrl, recreateDatabase } from './postgres';

const USAGE = `Usage: npm run gen -- --scale S|M|L [--seed N] [--out FILE | --database-url postgres://…]
  Writes a synthetic dataset (M: 5,000 managers, 20,000 products, 200,000 events, 200,000 passages;
  S a tenth of M, L five times M) through the seed loader into FILE, by default bench/data/<scale>.sqlite,
  or into the PostgreSQL database the URL names (dropped and created again; the role needs CREATEDB).
  The file is replaced; it is never the knowledge base (DB_PATH or DATABASE_URL).`;

export interface DatasetBuild {
  file: string;
  scale: Scale;
  seed: number;
  /** Milliseconds: generating the filings, checking them against the schema, compiling, writing (with the search index). */
  timings: { generate: number; check: number; compile: number; write: number };
  changes: SeedChanges;
  /** Rows written, every table and the search index together. */
  rows: number;
}

export function defaultDatasetFile(scale: Scale): string {
  return projectPath('bench', 'data', `${scale}.sqlite`);
}

function removeDatabase(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Opens a fresh, migrated database at `target` (a file, or a PostgreSQL URL), refusing the knowledge base. */
export async function freshDatabase(target: string): Promise<DataSource> {
  const config = loadConfig();
  if (isDatabaseUrl(target)) {
    if (config.databaseUrl && new URL(config.databaseUrl).pathname === new URL(target).pathname && new URL(config.databaseUrl).host === new URL(target).host) {
      throw new Error(`${target} is the knowledge base (DATABASE_URL); synthetic data goes into a database of its own`);
    }
    await recreateDatabase(target);
    return openDataSource({ url: target });
  }
  if (path.resolve(target) === config.dbPath) throw new Error(`${target} is the knowledge base (DB_PATH); synthetic data goes into a file of its own`);
  removeDatabase(target);
  return openDataSource({ database: target });
}

/** Generates a scale's filings and loads them, through the seed loader, into a fresh database at `file`. */
export async function buildDataset(scale: Scale, seed: number, file: string): Promise<DatasetBuild> {
  let started = performance.now();
  const generated = generateFilings(scale, seed);
  const generate = performance.now() - started;

  started = performance.now();
  const problems: SeedProblem[] = [];
  const filings: Located<Filing>[] = [];
  // Each generated filing is let go once checked, and the checked ones once compiled, as reading files
  // one at a time would: the load runs with the rows in memory, not three copies of the data.
  const pending = generated.filings;
  generated.filings = [];
  for (let i = 0; i < pending.length; i += 1) {
    const parsed = parseFiling(pending[i].filing, pending[i].file, problems);
    if (parsed) filings.push({ file: pending[i].file, filing: parsed });
    (pending as unknown[])[i] = null;
  }
  const check = performance.now() - started;
  started = performance.now();
  // Synthetic quotes are drawn at random from synthetic passages: the facts are not in them.
  const compiled = compileFilings(projectPath('bench'), filings, undefined, { facts: false });
  problems.push(...compiled.problems);
  if (problems.length) throw new SeedValidationError(problems.slice(0, 20));
  const compile = performance.now() - started;
  filings.length = 0;

  const dataSource = await freshDatabase(file);
  try {
    started = performance.now();
    const changes = await applyRows(dataSource, compiled.rows);
    const write = performance.now() - started;
    // Not timed: what a load leaves for the next reader (SQLite's WAL folded in; PostgreSQL's statistics).
    await dataSource.query(isDatabaseUrl(file) ? 'ANALYZE' : 'PRAGMA wal_checkpoint(TRUNCATE)');
    const rows = Object.values(changes).reduce((sum, c) => sum + c.inserted, 0);
    return { file, scale, seed, timings: { generate, check, compile, write }, changes, rows };
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const valueOf = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const scale = (valueOf('--scale') ?? 'M') as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be S, M or L; got ${scale}\n${USAGE}`);
  const seed = Number(valueOf('--seed') ?? 1);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer\n${USAGE}`);
  const url = valueOf('--database-url');
  const file = url ?? path.resolve(valueOf('--out') ?? defaultDatasetFile(scale));
  if (!url) fs.mkdirSync(path.dirname(file), { recursive: true });
  const build = await buildDataset(scale, seed, file);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${file}: scale ${scale}, seed ${seed}: ${build.rows.toLocaleString('en')} rows\n` +
      Object.entries(build.changes)
        .map(([table, c]) => `  ${table}: ${c.inserted}`)
        .join('\n') +
      `\n  generate ${seconds(build.timings.generate)}, schema check ${seconds(build.timings.check)}, compile ${seconds(build.timings.compile)}, write with search index ${seconds(build.timings.write)}`,
  );
  return 0;
}

if (require.main === module) runCommand(main, [SeedValidationError]);
