import { openDataSource } from '../../ormconfig';
import { runCommand } from './cli';

/** `npm run migrate`: applies pending migrations to DB_PATH; `-- --revert` undoes the last one. */
async function main(argv: string[]): Promise<number> {
  const revert = argv.includes('--revert');
  const dataSource = await openDataSource({ migrate: !revert });
  if (revert) await dataSource.undoLastMigration({ transaction: 'each' });
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY id');
  console.log(`${dataSource.options.database}: ${rows.length} migration(s) applied${rows.length ? `, latest ${rows[rows.length - 1].name}` : ''}`);
  await dataSource.destroy();
  return 0;
}

runCommand(main);
