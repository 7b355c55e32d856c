import { execFileSync } from 'node:child_process';
import { projectPath } from '../../src/config/config';

/**
 * @retorquere/bibtex-parser, the parser behind Better BibTeX's imports, ships as ES modules only (its
 * dependencies too), which jest's CommonJS runtime cannot load: it runs in a Node process of its own.
 */
export function parseBibTeX(text: string): { entries: { type: string; key: string; fields: Record<string, any> }[]; errors: unknown[] } {
  const script =
    "import { parse } from '@retorquere/bibtex-parser'; let input = ''; process.stdin.on('data', (c) => (input += c)); " +
    "process.stdin.on('end', () => { const { entries, errors } = parse(input); process.stdout.write(JSON.stringify({ entries: entries.map(({ type, key, fields }) => ({ type, key, fields })), errors })); });";
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: text, cwd: projectPath(), encoding: 'utf8' }));
}
