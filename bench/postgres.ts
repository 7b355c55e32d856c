import { Client } from 'pg';
import { dropDatabaseOn } from '../test/support/database';

/**
 * PostgreSQL databases of the benchmark: one per dataset, named after a base URL's database
 * (`fundwatch_bench` gives `fundwatch_bench_m`), created and dropped through the server's maintenance
 * database. The role needs CREATEDB.
 */

export const isDatabaseUrl = (target: string) => /^postgres(ql)?:\/\//.test(target);

/** The URL of a database next to `base`, named `<base database>_<suffix>`. */
export function siblingUrl(base: string, suffix: string): string {
  const url = new URL(base);
  url.pathname = `/${url.pathname.slice(1)}_${suffix.toLowerCase()}`;
  return url.toString();
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the database a URL names, if it exists, and creates it empty. */
export function recreateDatabase(url: string): Promise<void> {
  return onServer(url, async (client) => {
    await dropDatabaseOn(client, nameOf(url));
    await client.query(`CREATE DATABASE "${nameOf(url)}"`);
  });
}

export function dropDatabase(url: string): Promise<void> {
  return onServer(url, (client) => dropDatabaseOn(client, nameOf(url)));
}

/** Whether the database holds a finished load: it exists, and a load moved its data version. */
export async function holdsLoadedData(url: string): Promise<boolean> {
  const exists = await onServer(url, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [nameOf(url)])).rowCount === 1);
  if (!exists) return false;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT "version" FROM data_version WHERE "id" = 1');
    return rows.length === 1 && rows[0].version > 1;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}
