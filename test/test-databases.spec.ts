import { Client } from 'pg';
import { createPostgresDatabase, dropDatabaseOn, itOnPostgres, onBaseDatabase } from './support/database';

/**
 * The suite's own PostgreSQL housekeeping (the global teardown and the benches drop what they create
 * through dropDatabaseOn): a database with a session still in it is dropped and the session ended; a
 * missing one is no error; an error other than the autovacuum refusal is not retried away.
 */
describe('test databases on PostgreSQL', () => {
  const exists = (name: string) =>
    onBaseDatabase(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

  itOnPostgres('drops a database a session is still in, ending the session', async () => {
    const url = await createPostgresDatabase('drop');
    const name = new URL(url).pathname.slice(1);
    const session = new Client({ connectionString: url });
    session.on('error', () => undefined); // the session is ended from the server's side
    await session.connect();
    await session.query('SELECT 1');
    expect(await exists(name)).toBe(true);
    await onBaseDatabase((client) => dropDatabaseOn(client, name));
    expect(await exists(name)).toBe(false);
    await expect(session.query('SELECT 1')).rejects.toThrow();
    await session.end().catch(() => undefined);
  });

  itOnPostgres('takes a missing database as dropped, and lets other errors through at once', async () => {
    await onBaseDatabase((client) => dropDatabaseOn(client, 'fundwatch_never_created'));
    // The database the client is connected to cannot be dropped: that is 55006, not the refusal retried.
    const started = performance.now();
    await onBaseDatabase(async (client) => {
      const current = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
      await expect(dropDatabaseOn(client, current)).rejects.toMatchObject({ code: '55006' });
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
