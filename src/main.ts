import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions, openDataSource } from './database/open';
import { loadSeed } from '../seed/loader';
import { Announcement } from './announcements/announcement.entity';
import { Config, ConfigError, databaseLabel, loadConfig } from './config/config';
import { createLogger, Logger } from './core/logger';
import { DamagedDatabaseError } from './database/database-file';
import { requestsInFlight } from './http/request-scope';
import { MeilisearchEngine } from './search/meilisearch-engine';
import { GRAPHQL_PATH, RunningServer, startServer } from './http/server';

let logger: Logger = createLogger();
let dataSource: DataSource | undefined;
let running: RunningServer | undefined;
let stopping = false;

/** Stops serving (in-flight requests finish), closes the database, exits. A second signal changes nothing. */
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight, refusing new ones');
  // Whatever still hangs after 9 s is cut off: the process is out within 10 s.
  setTimeout(() => process.exit(exitCode || 1), 9000).unref();
  await running?.stop();
  await dataSource?.destroy();
  process.exit(exitCode);
}

/**
 * An error that escaped every handler. A rejected promise nobody awaited left no half-done synchronous
 * work behind: it is logged with the requests in flight and the process serves on. A thrown exception
 * may have stopped any code midway, so the process is not trusted to go on: it stops accepting, lets
 * requests in flight finish, and exits with 70 for its supervisor to restart it.
 */
function watchEscapedErrors() {
  process.on('unhandledRejection', (reason) => {
    logger.error({ requestsInFlight: requestsInFlight(), err: reason }, 'unhandled promise rejection; serving on');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ requestsInFlight: requestsInFlight(), err: error }, 'uncaught exception; exiting with 70 for the supervisor to restart');
    process.exitCode = 70;
    void shutdown('uncaughtException', 70);
  });
}

/** config -> database (migrated) -> curated seed if empty -> server. */
async function main() {
  const config: Config = loadConfig();
  logger = createLogger(config.logLevel);
  // Signal handlers come before anything that waits, so that a signal during start-up still shuts down cleanly.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  watchEscapedErrors();
  dataSource = await openDataSource(databaseOptions(config));
  if (config.seedOnStart && (await dataSource.getRepository(Announcement).count()) === 0) {
    await loadSeed(dataSource, config.seedDir, { limits: config.seedLimits, faultPoint: config.faultPoint });
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
  // A bad setting or a damaged database file is not for a supervisor to retry: exit 78 (EX_CONFIG).
  const refusal = error instanceof ConfigError || error instanceof DamagedDatabaseError;
  console.error(refusal || error instanceof Error ? error.message : error);
  process.exit(refusal ? 78 : 1);
});
