import fs from 'node:fs';
import { databaseOptions, openDataSource } from '../database/open';
import { joinExtractedLines } from '../announcements/text';
import { databaseLabel, loadConfig } from '../config/config';
import { runCommand } from './run-command';
import { MeilisearchEngine } from '../search/meilisearch-engine';
import { loadSeed, prepareSeed, SeedValidationError } from '../../seed/loader';
import { DraftError, draftSummary, parseYear, runDraft } from '../../seed/draft/draft-command';

const USAGE = `Usage:
  npm run seed                      load seed/ into DB_PATH (one transaction; a re-run changes nothing)
  npm run seed -- --check           validate seed/ without writing
  npm run seed -- --dir DIR         use another seed directory
  npm run seed -- --clean-text RAW  print RAW (text extracted from a PDF) with each paragraph's lines joined
  npm run seed -- --draft DOCUMENT [--out DIR] [--year YYYY] [--force]
                                    write draft filings read from DOCUMENT (plain text) for a curator to
                                    review, by default to <seed>/drafts/<document>/; --year is the year of
                                    days written without one (default: the document's filing, else the
                                    latest year it names); existing drafts are kept unless --force`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const valueOf = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    if (argv[i + 1] === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    return argv[i + 1];
  };
  const cleanText = valueOf('--clean-text');
  if (cleanText !== undefined) {
    process.stdout.write(joinExtractedLines(fs.readFileSync(cleanText, 'utf8')));
    return 0;
  }
  const seedDir = valueOf('--dir') ?? config.seedDir;
  const draft = valueOf('--draft');
  if (draft !== undefined) {
    const result = runDraft({
      document: draft,
      seedDir,
      out: valueOf('--out'),
      year: parseYear(valueOf('--year')),
      force: argv.includes('--force'),
      documentBytes: config.seedLimits.documentBytes,
    });
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    console.log(draftSummary(result));
    return 0;
  }
  if (argv.includes('--check')) {
    const rows = prepareSeed(seedDir, config.seedLimits);
    console.log(
      `${seedDir}: valid (${rows.announcements.length} documents, ${rows.managers.length} managers, ${rows.events.length} events, ${rows.citations.length} citations)`,
    );
    return 0;
  }
  const dataSource = await openDataSource(databaseOptions(config));
  try {
    const changes = (await loadSeed(dataSource, seedDir, { limits: config.seedLimits, faultPoint: config.faultPoint }))!;
    const changed = Object.entries(changes).filter(([, c]) => c.inserted + c.updated + c.deleted > 0);
    if (config.meilisearch) {
      const engine = await MeilisearchEngine.connect(config.meilisearch);
      try {
        const { documents } = await engine.syncFrom(dataSource.manager);
        console.log(`Meilisearch index "${engine.indexName}" synced: ${documents} documents`);
      } catch (error) {
        console.error(`Loaded into the database, but the Meilisearch sync failed: ${(error as Error).message}`);
        return 3;
      }
    }
    console.log(
      changed.length === 0
        ? `${databaseLabel(config)}: already up to date with ${seedDir}`
        : `${databaseLabel(config)}: loaded ${seedDir}\n` + changed.map(([table, c]) => `  ${table}: +${c.inserted} ~${c.updated} -${c.deleted}`).join('\n'),
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

runCommand(main, [SeedValidationError, DraftError]);
