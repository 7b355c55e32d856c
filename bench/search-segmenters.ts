import 'reflect-metadata';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDataSource } from '../src/database/open';
import { projectPath } from '../src/config/config';
import { exactForm, indexTokens, normalizeText, segments } from '../src/search/analyzer';
import { ftsExpression } from '../src/search/fts5-strategy';
import { MatchLevel, planQuery } from '../src/search/query-plan';
import { parseQuery } from '../src/search/query-syntax';
import { NO_GLOSSARY } from '../src/search/search-glossary';
import { buildSearchDocuments, SearchDocumentInput } from '../src/search/search-indexer';
import { loadSeed } from '../seed/loader';
import { RELEVANCE_SET } from '../test/search/relevance-set';

/**
 * Compares the two ways of making Chinese searchable that the search issue names, on the relevance
 * set over the curated knowledge base: overlapping bigrams plus single characters (what the embedded
 * engine does), and dictionary segmentation (ICU's word segmenter, Intl.Segmenter, with the entity
 * names and aliases as a user dictionary that is matched first). Same ranking for both: BM25 with
 * title words weighted 4, an exact name or alias first.
 *
 *   npm run bench:segmenters
 */
interface Analyzer {
  name: string;
  index(text: string): { a: string; b: string };
  match(query: string): string;
}

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

const bigramAnalyzer: Analyzer = {
  name: 'bigrams + characters',
  index: (text) => {
    const t = indexTokens(text);
    return { a: t.bi, b: t.uni };
  },
  match: (query) =>
    // The exact units only: the segmenters are compared on Chinese, without stems or the glossary.
    ftsExpression({ plan: planQuery(parseQuery(query), NO_GLOSSARY), maxLevel: MatchLevel.EXACT })!
      .replace(/title_bi body_bi/g, 'ta tb')
      .replace(/title_uni body_uni/g, 'ua ub'),
};

function dictionaryAnalyzer(userWords: string[]): Analyzer {
  const dictionary = new Set(userWords.map((w) => normalizeText(w).replace(/\s/g, '')).filter((w) => /[\u4e00-\u9fff]/.test(w) && [...w].length >= 2));
  const longest = Math.max(...[...dictionary].map((w) => [...w].length));
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const words = (text: string): string[] => {
    const out: string[] = [];
    for (const segment of segments(normalizeText(text))) {
      if (segment.kind === 'word') {
        out.push(segment.text);
        continue;
      }
      const chars = [...segment.text];
      let i = 0;
      let pending = '';
      const flush = () => {
        if (pending) for (const s of segmenter.segment(pending)) if (s.isWordLike) out.push(s.segment);
        pending = '';
      };
      while (i < chars.length) {
        let matched = 0;
        for (let n = Math.min(longest, chars.length - i); n >= 2; n -= 1) {
          if (dictionary.has(chars.slice(i, i + n).join(''))) {
            matched = n;
            break;
          }
        }
        if (matched) {
          flush();
          out.push(chars.slice(i, i + matched).join(''));
          i += matched;
        } else {
          pending += chars[i];
          i += 1;
        }
      }
      flush();
    }
    return out;
  };
  return {
    name: 'dictionary (ICU + user dictionary)',
    index: (text) => ({ a: words(text).join(' '), b: '' }),
    match: (query) => {
      const terms = words(query);
      if (terms.length === 0) throw new Error('no terms');
      return `{ta tb} : ${quote(terms.join(' '))}`;
    },
  };
}

function evaluate(analyzer: Analyzer, docs: SearchDocumentInput[]) {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE fts USING fts5(ta, ua, tb, ub, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'")`);
  const insert = db.prepare('INSERT INTO fts (rowid, ta, ua, tb, ub) VALUES (?, ?, ?, ?, ?)');
  const aliases = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    const title = analyzer.index(`${doc.title} ${doc.titleExtra}`);
    const body = analyzer.index(doc.body);
    insert.run(i + 1, title.a, title.b, body.a, body.b);
    for (const alias of doc.aliases) aliases.set(alias, [...(aliases.get(alias) ?? []), i + 1]);
  });
  const search = db.prepare('SELECT rowid AS id FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 4.0, 4.0, 1.0, 1.0) LIMIT 10');
  const prefix: Record<string, string> = { MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A' };
  const idOf = (doc: SearchDocumentInput) => `${prefix[doc.kind]}:${doc.nodeKey}${doc.passageIndex === null ? '' : `#${doc.passageIndex}`}`;
  let found = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const c of RELEVANCE_SET) {
    let ids: number[] = [];
    try {
      ids = (search.all(analyzer.match(c.query)) as { id: number }[]).map((r) => r.id);
    } catch {
      ids = [];
    }
    const exact = aliases.get(exactForm(c.query)) ?? [];
    const ranked = [...exact, ...ids.filter((id) => !exact.includes(id))].map((id) => idOf(docs[id - 1]));
    const rank = ranked.findIndex((id) => c.must.some((e) => id === e || (!e.includes('#') && id.startsWith(`${e}#`)))) + 1;
    if (rank > 0) reciprocal += 1 / rank;
    if (rank > 0 && rank <= 3) found += 1;
    else misses.push(`${c.query}: ${rank || '>10'}`);
  }
  db.close();
  return { analyzer: analyzer.name, recallAt3: found / RELEVANCE_SET.length, mrr: reciprocal / RELEVANCE_SET.length, misses };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-segmenters-'));
  const dataSource = await openDataSource({ database: path.join(dir, 'kb.sqlite') });
  await loadSeed(dataSource, projectPath('seed'));
  const docs = await buildSearchDocuments(dataSource.manager);
  await dataSource.destroy();
  const userWords = docs.flatMap((d) => (d.kind === 'MANAGER' || d.kind === 'PRODUCT' ? [d.title, ...d.titleExtra.split(' ')] : []));
  const results = [evaluate(bigramAnalyzer, docs), evaluate(dictionaryAnalyzer(userWords), docs)];
  console.log(`Relevance set (${RELEVANCE_SET.length} queries) over the curated knowledge base (${docs.length} documents)\n`);
  console.log('| analyzer | recall@3 | MRR | misses |');
  console.log('| --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${r.analyzer} | ${r.recallAt3.toFixed(3)} | ${r.mrr.toFixed(3)} | ${r.misses.join('; ') || 'none'} |`);
  const out = projectPath('bench', 'results', `segmenters-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), queries: RELEVANCE_SET.length, documents: docs.length, results }, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
