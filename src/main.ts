import 'reflect-metadata';
import { openDataSource } from '../ormconfig';
import { loadSeed } from '../seed/loader';
import { Announcement } from './announcements/announcement.entity';
import { ConfigError, loadConfig } from './config/config';
import { GRAPHQL_PATH, startServer } from './server';

/** config -> database (migrated) -> curated seed if empty -> server. */
async function main() {
  const config = loadConfig();
  const dataSource = await openDataSource({ database: config.dbPath });
  if (config.seedOnStart && (await dataSource.getRepository(Announcement).count()) === 0) {
    await loadSeed(dataSource, config.seedDir);
    console.log(`Loaded the curated seed from ${config.seedDir} into ${config.dbPath}`);
  }
  const running = await startServer(dataSource, config);
  console.log(`fundwatch: GraphQL API and playground at ${running.url}${GRAPHQL_PATH} (database ${config.dbPath})`);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await running.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
