import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { QueryCounter } from './src/core/query-counter';
import { entities } from './src/database/entities';
import { InitialSchema1763900000000 } from './migrations/1763900000000-InitialSchema';
import { SearchIndex1763900000001 } from './migrations/1763900000001-SearchIndex';
import { MarketBars1763900000002 } from './migrations/1763900000002-MarketBars';
import { DataVersion1763900000003 } from './migrations/1763900000003-DataVersion';
import { EventListing1763900000004 } from './migrations/1763900000004-EventListing';
import { SearchRanking1763900000005 } from './migrations/1763900000005-SearchRanking';
import { RateLimit1763900000006 } from './migrations/1763900000006-RateLimit';
import { Glossary1763900000007 } from './migrations/1763900000007-Glossary';
import { SearchStems1763900000008 } from './migrations/1763900000008-SearchStems';
import { CuratorsWords1763900000009 } from './migrations/1763900000009-CuratorsWords';
import { DocumentNumber1763900000010 } from './migrations/1763900000010-DocumentNumber';

/** Every migration, in order. Listed explicitly so that compiled and source runs see the same set. */
export const migrations = [
  InitialSchema1763900000000,
  SearchIndex1763900000001,
  MarketBars1763900000002,
  DataVersion1763900000003,
  EventListing1763900000004,
  SearchRanking1763900000005,
  RateLimit1763900000006,
  Glossary1763900000007,
  SearchStems1763900000008,
  CuratorsWords1763900000009,
  DocumentNumber1763900000010,
];

export interface DataSourceOptions {
  /** The SQLite file (config's DB_PATH), used when there is no `url`. */
  database?: string;
  /** A PostgreSQL URL (postgres://…, config's DATABASE_URL). When set, it is used instead of SQLite. */
  url?: string | null;
}

/**
 * The one DataSource definition: the server, the seed loader, the command-line tools and the tests all
 * build theirs here (src/database/open.ts opens and migrates it). `synchronize` is never on; migrations
 * own the schema. PostgreSQL when a URL is given, the SQLite file otherwise.
 */
export function createDataSource(options: DataSourceOptions): DataSource & { queryCounter: QueryCounter } {
  const url = options.url;
  if (!url && !options.database) throw new Error('createDataSource needs a SQLite file (database) or a PostgreSQL URL (url)');
  const queryCounter = new QueryCounter();
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    logging: ['query' as const],
    logger: queryCounter,
  };
  const dataSource = url
    ? new DataSource({ type: 'postgres', url, ...common })
    : new DataSource({
        type: 'better-sqlite3',
        database: options.database!,
        ...common,
        prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('busy_timeout = 5000');
          db.pragma('foreign_keys = ON');
          // 64 MiB of page cache (the default is 2 MiB): loads and large reads stop re-reading pages.
          db.pragma('cache_size = -65536');
        },
      });
  return Object.assign(dataSource, { queryCounter });
}
