import { DataSource } from 'typeorm';
import { DatabaseFileWatch } from '../../database/database-file';
import { SearchService } from '../../search/search.service';
import { sendJson } from '../http-error';
import { Route } from '../router';

/** Ready: the database answers and its migrations are current; search reports its engine and whether it is degraded. */
async function readiness(dataSource: DataSource, search: SearchService, databaseFile: DatabaseFileWatch) {
  let database: 'ok' | 'unreachable' | 'damaged' = 'ok';
  let migrations: 'current' | 'pending' | 'unknown' = 'unknown';
  const problem = databaseFile.problem();
  if (problem) return { status: 'unavailable', database: 'damaged', reason: problem, migrations, search: await search.status() };
  try {
    await dataSource.query('SELECT 1');
    migrations = (await dataSource.showMigrations()) ? 'pending' : 'current';
  } catch {
    database = 'unreachable';
  }
  const searchStatus = await search.status();
  return { status: database === 'ok' && migrations === 'current' ? 'ready' : 'unavailable', database, migrations, search: searchStatus };
}

/** /healthz: the process answers. /readyz: it can serve (200) or not (503), and why. */
export function healthRoutes(dataSource: DataSource, search: SearchService, databaseFile: DatabaseFileWatch): Route[] {
  return [
    {
      matches: (_req, url) => url.pathname === '/healthz',
      readsDatabase: false,
      handle: ({ res }) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      matches: (_req, url) => url.pathname === '/readyz',
      readsDatabase: false,
      async handle({ res }) {
        const report = await readiness(dataSource, search, databaseFile);
        sendJson(res, report.status === 'ready' ? 200 : 503, report);
      },
    },
  ];
}
