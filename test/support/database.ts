import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dialectOf } from '../../src/core/dialect';
import { createDataSource } from '../../ormconfig';
import { openDataSource } from '../../src/database/open';

/**
 * The database the suite runs on. `npm test` runs on SQLite files; with DATABASE_URL set (CI's
 * PostgreSQL run) every spec database is a fresh PostgreSQL database next to the one the URL names,
 * created on that server and dropped when the run ends (test/support/global-teardown.ts).
 */
export const BASE_DATABASE_URL = process.env.DATABASE_URL || null;
export const onPostgres = BASE_DATABASE_URL !== null;
export const databaseKind: 'sqlite' | 'postgres' = onPostgres ? 'postgres' : 'sqlite';

/** `it` on SQLite only: for what exists only there (database files, VACUUM INTO backups, FTS5's own bm25()). */
export const itOnSqlite = (...args: Parameters<jest.It>) => (onPostgres ? it.skip : it)(...args);
/** `it` on PostgreSQL only. */
export const itOnPostgres = (...args: Parameters<jest.It>) => (onPostgres ? it : it.skip)(...args);

/** The prefix of every database a run creates: the base database's name and this process. */
export function testDatabasePrefix(baseUrl = BASE_DATABASE_URL!): string {
  return `${new URL(baseUrl).pathname.slice(1)}_t`;
}

/** Runs statements on the base database (creating and dropping databases). */
export async function onBaseDatabase<T>(work: (client: Client) => Promise<T>, baseUrl = BASE_DATABASE_URL!): Promise<T> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops a database, ending the sessions still in it. WITH (FORCE) refuses a role that is not a
 * superuser when an autovacuum worker is in the database ("must be a member of the role whose process
 * is being terminated": PostgreSQL ends other sessions before it asks autovacuum to leave, and the
 * worker is of no role the caller belongs to). On that refusal the plain DROP asks autovacuum to leave
 * and waits for it; a session that came back in the meantime means FORCE again, a few times over. A
 * session of another role in the database is not ours to end: after the tries its error stands.
 */
export async function dropDatabaseOn(client: Client, name: string, tries = 5): Promise<void> {
  const drop = (force: boolean) => client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}"${force ? ' WITH (FORCE)' : ''}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await drop(true);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= tries) throw error;
    }
    try {
      await drop(false);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** A fresh PostgreSQL database on the base URL's server; returns its URL. */
export async function createPostgresDatabase(label = 'kb'): Promise<string> {
  const name = `${testDatabasePrefix()}${randomBytes(5).toString('hex')}_${label}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 63);
  await onBaseDatabase((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(BASE_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, empty database for one spec (or one part of it), named by where it is: a SQLite file in its
 * own temporary directory, or on PostgreSQL runs the URL of a new database.
 */
export async function tempDatabase(label = 'kb'): Promise<string> {
  if (onPostgres) return createPostgresDatabase(label);
  return tempDbPath(label);
}

/** A fresh SQLite file path (for what is a file on every run: backups, bench datasets). */
export function tempDbPath(label = 'kb'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-test-')), `${label}.sqlite`);
}

const isUrl = (database: string) => /^postgres(ql)?:\/\//.test(database);

/** The environment that points a child process (the server, a CLI) at a database. */
export function databaseEnv(database: string): Record<string, string> {
  return isUrl(database) ? { DATABASE_URL: database } : { DB_PATH: database, DATABASE_URL: '' };
}

/** The DataSource options that name a database. */
export function databaseOptions(database: string): { url: string } | { database: string } {
  return isUrl(database) ? { url: database } : { database };
}

/** Opens (and by default migrates) a spec database. */
export function openTestDataSource(database: string, options: { migrate?: boolean } = {}) {
  return openDataSource({ ...databaseOptions(database), ...options });
}

/** A DataSource over a spec database, not yet connected. */
export function createTestDataSource(database: string) {
  return createDataSource(databaseOptions(database));
}

/** The application's tables (without the migrations table), sorted: what a database holds, on either kind. */
export async function tablesOf(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dialectOf(ds) === 'postgres'
      ? await ds.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name != 'migrations'")
      : await ds.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts_%' AND name != 'migrations'",
        );
  return rows.map((r) => r.name).sort();
}

/**
 * A copy of a spec database under a new name: the file copied, or on PostgreSQL a database created from
 * it as a template. Nothing may be connected to the source while it is copied.
 */
export async function copyDatabase(source: string, label: string): Promise<string> {
  if (!isUrl(source)) {
    const copy = tempDbPath(label);
    fs.copyFileSync(source, copy);
    return copy;
  }
  const copy = await createPostgresDatabase(label);
  const name = (url: string) => new URL(url).pathname.slice(1);
  await onBaseDatabase(async (client) => {
    await client.query(`DROP DATABASE "${name(copy)}"`);
    await client.query(`CREATE DATABASE "${name(copy)}" TEMPLATE "${name(source)}"`);
  });
  return copy;
}
