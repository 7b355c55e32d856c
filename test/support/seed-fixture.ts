import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { DataVersion } from '../../src/database/data-version';
import { entities } from '../../src/database/entities';
import { SEED_DIR } from './server';

/** A copy of the curated seed in a temporary directory, for specs that break it on purpose. */
export function copySeed(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-seed-'));
  fs.cpSync(SEED_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return dir;
}

/** Rewrites one file of a seed copy; fails loudly when the text to replace is not there. */
export function editSeedFile(seedDir: string, relative: string, edit: (text: string) => string): string {
  const file = path.join(seedDir, relative);
  const before = fs.readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in ${relative}`);
  fs.writeFileSync(file, after);
  return file;
}

/** Every row of every table, in a stable order: two dumps are equal exactly when the data is. */
export async function dumpDatabase(ds: DataSource): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const entity of entities) {
    const meta = ds.getMetadata(entity);
    const order = Object.fromEntries(meta.primaryColumns.map((c) => [c.propertyName, 'ASC']));
    const rows = (await ds.getRepository(entity).find({ order })) as object[] as Record<string, unknown>[];
    // When a load happened is not data: two loads of the same filings are equal whenever they ran.
    tables[meta.tableName] = entity === DataVersion ? rows.map(({ changedAt, ...rest }) => rest) : rows;
  }
  return JSON.stringify(tables);
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled command (a path under dist/, built by `npm test`) and returns how it ended and what it printed. */
export function runCompiled(script: string, args: string[], env: Record<string, string>): CommandResult {
  const file = path.join(__dirname, '..', '..', 'dist', script);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run the tests with npm test, which builds first`);
  const result = spawnSync(process.execPath, [file, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** The seed CLI: `npm run seed -- ARGS`. */
export function runSeedCli(args: string[], env: Record<string, string>): CommandResult {
  return runCompiled(path.join('src', 'cli', 'seed.js'), args, env);
}
