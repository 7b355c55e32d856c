import { createHash } from 'node:crypto';
import path from 'node:path';
import { generateFilings, SCALES } from '../bench/dataset';
import { openDataSource } from '../src/database/open';
import { runCompiled } from './support/seed-fixture';
import { tempDbPath } from './support/database';

/** The benchmark's synthetic data: deterministic, shaped like curated filings, loaded by the seed loader into a file of its own. */
describe('npm run gen', () => {
  it('generates the same filings from the same seed, and others from another', () => {
    const digest = (seed: number) =>
      createHash('sha256')
        .update(JSON.stringify(generateFilings('S', seed).filings))
        .digest('hex');
    expect(digest(1)).toBe(digest(1));
    expect(digest(2)).not.toBe(digest(1));
  });

  it('loads scale S through the seed loader, every fact cited with a quote found in its document', async () => {
    const out = tempDbPath('synthetic');
    const result = runCompiled(path.join('bench', 'gen.js'), ['--scale', 'S', '--out', out], {});
    expect(result.code).toBe(0);
    const ds = await openDataSource({ database: out, migrate: false });
    try {
      const count = async (table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
      expect(await count('manager')).toBe(SCALES.S.managers);
      expect(await count('product')).toBe(SCALES.S.products);
      expect(await count('event')).toBe(SCALES.S.events);
      expect(await count('market_window')).toBe(SCALES.S.windows);
      const uncited: { n: number }[] = await ds.query(
        `SELECT COUNT(*) AS n FROM event e WHERE NOT EXISTS (SELECT 1 FROM citation c WHERE c.subjectType = 'Event' AND c.subjectKey = e.key)`,
      );
      expect(uncited[0].n).toBe(0);
      const passages: { n: number }[] = await ds.query(
        `SELECT COUNT(*) AS n FROM search_document WHERE kind = 'ANNOUNCEMENT' AND nodeKey != 'synthetic-curator-note'`,
      );
      expect(passages[0].n).toBe(SCALES.S.passages);
    } finally {
      await ds.destroy();
    }
  }, 120_000);

  it('refuses to write into the knowledge base', () => {
    const kb = tempDbPath('kb');
    const result = runCompiled(path.join('bench', 'gen.js'), ['--scale', 'S', '--out', kb], { DB_PATH: kb });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is the knowledge base (DB_PATH)');
  });
});
