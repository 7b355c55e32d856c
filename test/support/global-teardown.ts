import { BASE_DATABASE_URL, dropDatabaseOn, onBaseDatabase, testDatabasePrefix } from './database';

/** Drops every PostgreSQL database the run created (none on SQLite runs, whose files are temporary). */
export default async function dropTestDatabases(): Promise<void> {
  if (!BASE_DATABASE_URL) return;
  await onBaseDatabase(async (client) => {
    const prefix = testDatabasePrefix();
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await dropDatabaseOn(client, datname);
  });
}
