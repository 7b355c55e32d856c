import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { openDataSource } from '../database/open';
import { loadConfig, projectPath } from '../config/config';
import { runCommand } from './run-command';

/**
 * `npm run db:backup [-- OUT.sqlite]`: a consistent copy of the database (SQLite's VACUUM INTO, a
 * snapshot in one read transaction), safe while the server is serving. Restore by pointing DB_PATH at
 * the copy, or copying it over the database while the server is stopped.
 */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const out = path.resolve(argv[0] ?? projectPath('data', 'backups', `kb-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`));
  if (fs.existsSync(out)) {
    console.error(`${out} exists; a backup never overwrites a file`);
    return 2;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (config.databaseUrl) throw new Error('db:backup copies a SQLite file; with DATABASE_URL set, back up PostgreSQL with pg_dump');
  const dataSource = await openDataSource({ database: config.dbPath, migrate: false });
  try {
    await dataSource.query('VACUUM INTO ?', [out]);
  } finally {
    await dataSource.destroy();
  }
  console.log(`${config.dbPath} backed up to ${out} (${fs.statSync(out).size} bytes)`);
  return 0;
}

runCommand(main);
