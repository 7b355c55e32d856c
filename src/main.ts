import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { openDataSource } from '../ormconfig';
import { loadSeed } from '../seed/loader';
import { Announcement } from './announcements/announcement.entity';
import { ConfigError, databaseLabel, loadConfig } from './config/config';
import { createLogger } from './core/logger';
import { MeilisearchEngine } from './search/meilisearch-engine';
import { GRAPHQL_PATH, RunningServer, startServer } from './server';

const logger = createLogger();
let dataSource: DataSource | undefined;
let running: RunningServer | undefined;
let stopping = false;

/** Stops serving (in-flight requests finish), closes the database, exits. A second signal changes nothing. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight, refusing new ones');
  // Whatever still hangs after 9 s is cut off: the process is out within 10 s.
  setTimeout(() => process.exit(1), 9000).unref();
  await running?.stop();
  await dataSource?.destroy();
  process.exit(0);
}

/** config -> database (migrated) -> curated seed if empty -> server. */
async function main() {
  // Signal handlers come first, so that a signal during start-up still shuts down cleanly.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  const config = loadConfig();
  dataSource = await openDataSource();
  if (config.seedOnStart && (await dataSource.getRepository(Announcement).count()) === 0) {
    await loadSeed(dataSource, config.seedDir);
    logger.info(`Loaded the curated seed from ${config.seedDir} into ${databaseLabel(config)}`);
  }
  const meilisearch = config.meilisearch ? await MeilisearchEngine.connect(config.meilisearch) : null;
  if (meilisearch) {
    // In the background: the server answers from the embedded engine until Meilisearch is synced or back.
    meilisearch.syncFrom(dataSource.manager).then(
      ({ documents }) => logger.info(`Meilisearch index "${meilisearch.indexName}" synced: ${documents} documents`),
      (error: Error) => logger.warn({ error: error.message }, 'Meilisearch sync failed; search falls back to the embedded engine'),
    );
  }
  if (stopping) return;
  running = await startServer(dataSource, config, meilisearch, logger);
  logger.info(`fundwatch: GraphQL API and playground at ${running.url}${GRAPHQL_PATH} (database ${databaseLabel(config)})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
