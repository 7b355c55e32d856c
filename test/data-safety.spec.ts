import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadSeed } from '../seed/loader';
import { copyDatabase, databaseEnv, itOnSqlite, onPostgres, openTestDataSource, tempDatabase, tempDbPath } from './support/database';
import { copySeed, dumpDatabase, editSeedFile, runCompiled } from './support/seed-fixture';
import { dataOf, SEED_DIR, startTestServer } from './support/server';

const DIST = path.join(__dirname, '..', 'dist');

/**
 * A database's rows, and what is wrong with its structure: on SQLite, what integrity_check and
 * foreign_key_check report (a file written half-way shows there); PostgreSQL checks both itself, on
 * every write, so only the rows are compared there.
 */
async function inspect(database: string) {
  const ds = await openTestDataSource(database, { migrate: false });
  try {
    const problems: string[] = [];
    if (!onPostgres) {
      for (const row of await ds.query('PRAGMA integrity_check')) if (row.integrity_check !== 'ok') problems.push(row.integrity_check);
      for (const row of await ds.query('PRAGMA foreign_key_check')) problems.push(`foreign key: ${JSON.stringify(row)}`);
    }
    return { problems, dump: await dumpDatabase(ds) };
  } finally {
    await ds.destroy();
  }
}

/** The seed loader is all or nothing, even when killed; backups are consistent and restore. */
describe('data safety', () => {
  let base: string;
  let oldDump: string;
  let newDump: string;
  let newSeed: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, 'src', 'cli', 'seed.js'))) throw new Error('dist/ is missing: run the tests with npm test, which builds first');
    base = await tempDatabase('base');
    const ds = await openTestDataSource(base);
    await loadSeed(ds, SEED_DIR);
    if (!onPostgres) await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
    await ds.destroy();
    oldDump = (await inspect(base)).dump;
    // The new load changes rows in most tables: an event, a manager, a concept gone, a document added.
    newSeed = copySeed();
    editSeedFile(newSeed, 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml', (t) =>
      t.replace('titleEn: CSRC Shanghai Bureau orders Minghong to correct', 'titleEn: CSRC Shanghai Bureau orders Minghong to make corrections'),
    );
    editSeedFile(newSeed, 'filings/managers/high-flyer.yaml', (t) =>
      t.replace('description: 头部量化私募（文章在市场传闻中提及）。', 'description: 头部量化私募。'),
    );
    editSeedFile(newSeed, 'filings/concepts/window-guidance.yaml', () => 'filing: authorities\nauthorities: []\n');
    fs.writeFileSync(
      path.join(newSeed, 'filings/documents/extra-note.yaml'),
      'filing: announcement\nid: extra-note\nkind: CURATOR_NOTE\ntitle: A note\nlanguage: en\nbody: A further note.\n',
    );
    const fresh = await copyDatabase(base, 'fresh');
    expect(runCompiled('src/cli/seed.js', ['--dir', newSeed], databaseEnv(fresh)).code).toBe(0);
    newDump = (await inspect(fresh)).dump;
    expect(newDump).not.toBe(oldDump);
  });

  const POINTS = [
    'deleted',
    ...[
      'authorities',
      'managers',
      'products',
      'people',
      'personRoles',
      'announcements',
      'citations',
      'instruments',
      'windows',
      'episodes',
      'events',
      'eventManagers',
      'eventProducts',
      'eventEpisodes',
      'denials',
      'figures',
      'calendarYears',
      'closures',
      'concepts',
    ].map((t) => `wrote:${t}`),
    'indexed',
  ];

  it.each(POINTS)('leaves the old data, whole, when the loader is killed at %s', async (point) => {
    const db = await copyDatabase(base, 'killed');
    const result = runCompiled('src/cli/seed.js', ['--dir', newSeed], { ...databaseEnv(db), FUNDWATCH_FAULT_POINT: point });
    expect(result.signal).toBe('SIGKILL');
    const after = await inspect(db);
    expect(after.problems).toEqual([]);
    expect(after.dump === oldDump).toBe(true);
  });

  it('leaves either the old or the new data, whole, when killed while committing', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const db = await copyDatabase(base, 'commit');
      const child = spawn(process.execPath, [path.join(DIST, 'src', 'cli', 'seed.js'), '--dir', newSeed], {
        env: { ...process.env, ...databaseEnv(db), FUNDWATCH_FAULT_POINT: 'commit' },
      });
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('fault-point: commit')) setImmediate(() => child.kill('SIGKILL'));
        });
        child.on('exit', () => resolve());
      });
      const after = await inspect(db);
      expect(after.problems).toEqual([]);
      expect([oldDump, newDump]).toContain(after.dump);
    }
  });

  // db:backup copies a SQLite file; PostgreSQL is backed up with pg_dump (README, "Configuration").
  itOnSqlite('writes a consistent backup while the server is serving, and the backup restores', async () => {
    const server = await startTestServer({ seed: true });
    try {
      const out = path.join(path.dirname(tempDbPath('backup')), 'kb-backup.sqlite');
      let serving = true;
      const load = (async () => {
        let answered = 0;
        while (serving) {
          dataOf(await server.query('{ events(first: 5) { totalCount } }'));
          answered += 1;
        }
        return answered;
      })();
      const backup = runCompiled('src/cli/backup.js', [out], { DB_PATH: server.database });
      serving = false;
      expect(await load).toBeGreaterThan(0);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`backed up to ${out}`);
      expect(runCompiled('src/cli/backup.js', [out], { DB_PATH: server.database }).code).toBe(2); // never overwrites
      const restored = await startTestServer({ database: out });
      try {
        expect(await dumpDatabase(restored.dataSource)).toBe(await dumpDatabase(server.dataSource));
        expect(dataOf(await restored.query('{ events { totalCount } }')).events.totalCount).toBe(21);
        expect((await inspect(out)).problems).toEqual([]);
      } finally {
        await restored.stop();
      }
    } finally {
      await server.stop();
    }
  });
});
