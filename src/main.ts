import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { openDataSource } from '../ormconfig';
import { loadSeed } from '../seed/loader';
import { Announcement } from './announcements/announcement.entity';
import { ConfigError, loadConfig } from './config/config';
import { MeilisearchEngine } from './search/meilisearch-engine';
import { GRAPHQL_PATH, RunningServer, startServer } from './server';

let dataSource: DataSource | undefined;
let running: RunningServer | undefined;
let stopping = false;

/** Stops serving (in-flight requests finish), closes the database, exits. A second signal changes nothing. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
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
  dataSource = await openDataSource({ database: config.dbPath });
  if (config.seedOnStart && (await dataSource.getRepository(Announcement).count()) === 0) {
    await loadSeed(dataSource, config.seedDir);
    console.log(`Loaded the curated seed from ${config.seedDir} into ${config.dbPath}`);
  }
  const meilisearch = config.meilisearch ? await MeilisearchEngine.connect(config.meilisearch) : null;
  if (meilisearch) {
    // In the background: the server answers from the embedded engine until Meilisearch is synced or back.
    meilisearch.syncFrom(dataSource.manager).then(
      ({ documents }) => console.log(`Meilisearch index "${meilisearch.indexName}" synced: ${documents} documents`),
      (error: Error) => console.warn(JSON.stringify({ level: 'warn', message: 'Meilisearch sync failed; search falls back to the embedded engine', error: error.message })),
    );
  }
  if (stopping) return;
  running = await startServer(dataSource, config, meilisearch);
  console.log(`fundwatch: GraphQL API and playground at ${running.url}${GRAPHQL_PATH} (database ${config.dbPath})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
