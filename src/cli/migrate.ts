import { databaseOptions, openDataSource } from '../database/open';
import { databaseLabel, loadConfig } from '../config/config';
import { runCommand } from './run-command';

/** `npm run migrate`: applies pending migrations to the database (DATABASE_URL, else DB_PATH); `-- --revert` undoes the last one. */
async function main(argv: string[]): Promise<number> {
  const revert = argv.includes('--revert');
  const config = loadConfig();
  const dataSource = await openDataSource({ ...databaseOptions(config), migrate: !revert });
  if (revert) await dataSource.undoLastMigration({ transaction: 'each' });
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY id');
  console.log(`${databaseLabel(config)}: ${rows.length} migration(s) applied${rows.length ? `, latest ${rows[rows.length - 1].name}` : ''}`);
  await dataSource.destroy();
  return 0;
}

runCommand(main);
