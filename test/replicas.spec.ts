import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadSeed } from '../seed/loader';
import { DATA_VERSION_HEARTBEAT_MS } from '../src/database/data-version';
import { copyDatabase, databaseEnv, databaseKind, openTestDataSource, tempDatabase } from './support/database';
import { postQuery, startMain } from './support/main-process';
import { copySeed, dumpDatabase, editSeedFile } from './support/seed-fixture';
import { SEED_DIR, startTestServer } from './support/server';

const DIST = path.join(__dirname, '..', 'dist');
const EVENT_FILE = 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml';
const OLD_TITLE = 'CSRC Shanghai Bureau orders Minghong to correct';
const NEW_TITLE = 'CSRC Shanghai Bureau orders Minghong to make corrections';
const OLD_DESCRIPTION = '头部量化私募（文章在市场传闻中提及）。';
const NEW_DESCRIPTION = '头部量化私募。';
const MINGHONG = '{ manager(slug: "minghong") { events(first: 20) { nodes { ... on Event { titleEn } } } } }';

const titlesOf = (body: any): string[] => body.data.manager.events.nodes.map((e: { titleEn: string }) => e.titleEn);
/** Operations a server process executed, from its log: an answer from the response cache executes none. */
const executed = (output: string) => output.split('\n').filter((line) => line.includes('"msg":"graphql"')).length;
/** Waits for a process's log to catch up with the requests it answered. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** A copy of the curated seed whose load changes two tables: an event's title and a manager's description. */
function changedSeed(): string {
  const dir = copySeed();
  editSeedFile(dir, EVENT_FILE, (t) => t.replace(`titleEn: ${OLD_TITLE}`, `titleEn: ${NEW_TITLE}`));
  editSeedFile(dir, 'filings/managers/high-flyer.yaml', (t) => t.replace(`description: ${OLD_DESCRIPTION}`, `description: ${NEW_DESCRIPTION}`));
  return dir;
}

/** Runs the seed CLI without waiting for it; resolves with its exit code and output. */
function seedProcess(dir: string, database: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(DIST, 'src', 'cli', 'seed.js'), '--dir', dir], { env: { ...process.env, ...databaseEnv(database) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/**
 * API replicas share nothing but the database: each keeps its own response cache, and a load through
 * one is seen from the other at once. Loads started together take turns.
 */
describe(`replicas on one ${databaseKind} database`, () => {
  it('serves a filing loaded through one replica from the other at once, forgetting its cached answer', async () => {
    const first = await startTestServer({ seed: true });
    const second = await startMain({ ...databaseEnv(first.database), LOG_LEVEL: 'info' });
    try {
      expect(titlesOf(await postQuery(second.url, MINGHONG))).toContain(OLD_TITLE);
      await postQuery(second.url, MINGHONG); // kept from its second request on
      await settle();
      const before = executed(second.output());
      expect(before).toBe(2);
      expect(titlesOf(await postQuery(second.url, MINGHONG))).toContain(OLD_TITLE);
      await settle();
      expect(executed(second.output())).toBe(before); // answered from the second replica's cache

      await loadSeed(first.dataSource, changedSeed());
      const loadedAt = Date.now();
      let seen: string[] = [];
      while (Date.now() - loadedAt < 2 * DATA_VERSION_HEARTBEAT_MS) {
        seen = titlesOf(await postQuery(second.url, MINGHONG));
        if (seen.includes(NEW_TITLE)) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const delay = Date.now() - loadedAt;
      expect(seen).toContain(NEW_TITLE);
      expect(seen).not.toContain(OLD_TITLE);
      // On PostgreSQL the commit's notification moves the other replica's version, well before its heartbeat would.
      expect(delay).toBeLessThan(DATA_VERSION_HEARTBEAT_MS / 5);
      expect(titlesOf(await first.query(MINGHONG).then((r) => r.body))).toContain(NEW_TITLE);
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('leaves exactly one complete result when two loads start at once, and readers see the old data or the new, never a mix', async () => {
    // What one load of the changed filings leaves, for comparison.
    const base = await tempDatabase('base');
    const seeded = await openTestDataSource(base);
    await loadSeed(seeded, SEED_DIR);
    await seeded.destroy();
    const reference = await copyDatabase(base, 'reference');
    const database = await copyDatabase(base, 'racing');
    const dir = changedSeed();
    const once = await openTestDataSource(reference);
    await loadSeed(once, dir);
    const expected = await dumpDatabase(once);
    await once.destroy();

    const reader = await openTestDataSource(database);
    try {
      // One statement reads both changed rows: a load that showed half its writes would show a mix.
      const readBoth = async () => {
        const [row] = await reader.query(
          `SELECT (SELECT "titleEn" FROM event WHERE "titleEn" IN ('${OLD_TITLE}', '${NEW_TITLE}')) AS "title", (SELECT "description" FROM manager WHERE "slug" = 'high-flyer') AS "description"`,
        );
        return `${row.title === NEW_TITLE ? 'new' : row.title === OLD_TITLE ? 'old' : row.title} title, ${row.description === NEW_DESCRIPTION ? 'new' : row.description === OLD_DESCRIPTION ? 'old' : row.description} description`;
      };
      expect(await readBoth()).toBe('old title, old description');
      const seen = new Set<string>();
      let loading = true;
      const reading = (async () => {
        while (loading) {
          seen.add(await readBoth());
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const results = await Promise.all([seedProcess(dir, database), seedProcess(dir, database)]);
      loading = false;
      await reading;
      seen.add(await readBoth());

      expect(results.map((r) => [r.code, r.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
      // One load wrote the change; the other waited its turn, then found nothing left to write.
      expect(results.map((r) => (r.stdout.includes('already up to date') ? 'nothing' : 'loaded')).sort()).toEqual(['loaded', 'nothing']);
      expect([...seen].every((state) => state === 'old title, old description' || state === 'new title, new description')).toBe(true);
      expect(seen).toContain('new title, new description');
      expect(await dumpDatabase(reader)).toBe(expected);
    } finally {
      await reader.destroy();
    }
  }, 60_000);
});
