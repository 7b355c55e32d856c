import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../src/config/config';

/**
 * Writes a bench's report as bench/results/<name>-<date>.json (and, given its table, .md beside it),
 * and says where. The date is the report's, or today.
 */
export function writeBenchResult(name: string, report: object, table?: string[]): void {
  const date = new Date().toISOString().slice(0, 10);
  const out = projectPath('bench', 'results', `${name}-${date}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
  if (table) fs.writeFileSync(`${out}.md`, `${table.join('\n')}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), `${out}.json`)}${table ? ' and .md' : ''}`);
}
