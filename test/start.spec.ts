import { spawn } from 'node:child_process';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { migrations } from '../ormconfig';
import { exitOf, startMain } from './support/main-process';
import { loadSeed } from '../seed/loader';
import { parseQuery } from '../src/search/query-syntax';
import { EmbeddedSearchEngine } from '../src/search/embedded-engine';
import { createTestDataSource, databaseEnv, openTestDataSource, tablesOf, tempDatabase } from './support/database';
import { SEED_DIR } from './support/server';

const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');

describe('starting the server on a fresh machine', () => {
  it('migrates, loads the curated seed into an empty database, serves, and stops on SIGTERM', async () => {
    const database = await tempDatabase();
    const first = await startMain(databaseEnv(database));
    const response = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events { totalCount } }' }),
    });
    expect(((await response.json()) as any).data.events.totalCount).toBe(21);
    expect(first.output()).toMatch(/Loaded the curated seed/);
    expect(await first.stop()).toBe(0);

    const second = await startMain(databaseEnv(database));
    expect(second.output()).not.toMatch(/Loaded the curated seed/);
    expect(await second.stop()).toBe(0);
  });

  /** Starts the compiled server with `env` added and waits for it to exit: its code and what it printed on stderr. */
  async function exitWith(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return { code: await exitOf(child), stderr };
  }

  it('stops with a clear message and a non-zero code on a bad configuration value', async () => {
    const { code, stderr } = await exitWith({ PORT: 'eighty' });
    expect(code).toBe(78);
    expect(stderr).toContain('Invalid configuration: PORT="eighty": expected an integer from 0 to 65535');
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, without printing its password', async () => {
    const { code, stderr } = await exitWith({ DATABASE_URL: 'mysql://user:secret@localhost/kb' });
    expect(code).toBe(78);
    expect(stderr).toContain('Invalid configuration: DATABASE_URL="mysql://user:***@localhost/kb": expected a postgres:// URL');
    expect(stderr).not.toContain('secret');
  });
});

describe('migrations', () => {
  it('rebuild the search index a migration marked stale when the database is next opened', async () => {
    const database = await tempDatabase();
    let ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
    const documents = Number((await ds.query('SELECT COUNT(*) AS n FROM search_document'))[0].n);
    // Back to before the ranking columns (the rate-limit table, added after them, goes first): the documents stay, the columns go.
    while ((await ds.query('SELECT * FROM search_document LIMIT 1'))[0]?.tokens !== undefined) await ds.undoLastMigration();
    expect((await ds.query('SELECT * FROM search_document LIMIT 1'))[0] as object).not.toHaveProperty('tokens');
    await ds.destroy();

    ds = await openTestDataSource(database); // migrates: the documents are marked stale, then rebuilt
    try {
      const [row] = await ds.query(
        `SELECT COUNT(*) AS n, MIN("tokens") AS "fewest", SUM(CASE WHEN "hash" = '' THEN 1 ELSE 0 END) AS "stale" FROM search_document`,
      );
      expect([Number(row.n), Number(row.stale)]).toEqual([documents, 0]);
      expect(Number(row.fewest)).toBeGreaterThan(0);
      const found = await new EmbeddedSearchEngine(ds).search({ query: '灵均', parsed: parseQuery('灵均'), filter: {}, first: 5, offset: 0 });
      expect(found.hits.length).toBeGreaterThan(0);
    } finally {
      await ds.destroy();
    }
  });

  it('apply to an empty database, revert completely, and apply again', async () => {
    const ds: DataSource = createTestDataSource(await tempDatabase());
    await ds.initialize();
    try {
      const tables = () => tablesOf(ds);
      expect(await tables()).toEqual([]);
      expect(await ds.runMigrations()).toHaveLength(migrations.length);
      expect(await tables()).toEqual(expect.arrayContaining(['announcement', 'citation', 'event', 'manager', 'market_window', 'trading_episode']));
      expect(await ds.showMigrations()).toBe(false);
      for (let i = 0; i < migrations.length; i += 1) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect((await tables()).length).toBeGreaterThan(15);
    } finally {
      await ds.destroy();
    }
  });
});
