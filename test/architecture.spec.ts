import { spawnSync } from 'node:child_process';
import { projectPath } from '../src/config/config';

/**
 * The layers hold because the linter says so (docs/ARCHITECTURE.md): each forbidden arrow, written as
 * a probe file that is linted but never written to disk, is refused by import-x/no-restricted-paths,
 * and the arrows the layers allow pass. A weakened or broken rule (a zone removed, a resolver that no
 * longer resolves) fails here, not silently in review.
 */

/**
 * The import-rule messages for each probe, linted by ESLint's API in a process of its own (its flat
 * config is an ES module, which Jest's module sandbox cannot import).
 */
function boundaryErrors(probes: [string, string][]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const found = [];
      for (const [file, code] of probes) {
        const [result] = await eslint.lintText(code, { filePath: require('node:path').resolve(file) });
        found.push(result.messages.filter((m) => /^(import-x\\/no-(restricted-paths|unresolved)|no-restricted-syntax)$/.test(m.ruleId)).map((m) => m.ruleId + ': ' + m.message));
      }
      process.stdout.write(JSON.stringify(found));
    })();`;
  const lint = spawnSync(process.execPath, ['-e', script, JSON.stringify(probes.map(([file, line]) => [file, `${line}\nexport {};\n`]))], {
    cwd: projectPath(),
    encoding: 'utf8',
  });
  if (lint.status !== 0) throw new Error(`eslint failed: ${lint.stderr}`);
  return JSON.parse(lint.stdout) as string[][];
}

const FORBIDDEN: [string, string][] = [
  ['src/core/probe.ts', "import { createServices } from '../api/services';"],
  ['src/core/probe.ts', "import { loadConfig } from '../config/config';"],
  ['src/core/probe.ts', "import { Manager } from '../managers/manager.entity';"],
  ['src/core/probe.ts', "import { createDataSource } from '../../ormconfig';"],
  ['src/core/probe.ts', "import type { Context } from '../api/context';"],
  ['src/config/probe.ts', "import { openDataSource } from '../database/open';"],
  ['src/database/probe.ts', "import { createSchema } from '../api/schema';"],
  ['src/events/probe.ts', "import { startServer } from '../http/server';"],
  ['src/search/probe.ts', "import { runCommand } from '../cli/run-command';"],
  ['src/api/probe.ts', "import { GRAPHQL_PATH } from '../http/router';"],
  ['src/http/probe.ts', "import { runCommand } from '../cli/run-command';"],
  ['seed/probe.ts', "import { startServer } from '../src/http/server';"],
];

const ALLOWED: [string, string][] = [
  ['src/core/probe.ts', "import { sqlOf } from './sql';"],
  ['src/events/probe.ts', "import type { Context } from '../api/context';"],
  ['src/database/probe.ts', "import { Manager } from '../managers/manager.entity';"],
  ['src/http/probe.ts', "import { createServices } from '../api/services';"],
  ['src/cli/probe.ts', "import { startServer } from '../http/server';"],
];

/** Code only config.ts may hold (the environment) and only dialect.ts (the driver), written elsewhere. */
const CONFINED: [string, string][] = [
  ['src/http/probe.ts', 'export const level = process.env.LOG_LEVEL;'],
  ['seed/probe.ts', 'export const point = process.env.FUNDWATCH_FAULT_POINT;'],
  ['src/search/probe.ts', "import { DataSource } from 'typeorm';\nexport const isPostgres = (ds: DataSource) => ds.options.type === 'postgres';"],
  ['migrations/probe.ts', "import { QueryRunner } from 'typeorm';\nexport const type = (q: QueryRunner) => q.connection.driver.options.type;"],
  ['src/database/probe.ts', "import { DataSource } from 'typeorm';\nexport const handle = (ds: DataSource) => (ds.driver as any).databaseConnection;"],
];

/** The same code where it belongs. */
const AT_HOME: [string, string][] = [
  ['src/config/config.ts', 'export const level = process.env.LOG_LEVEL;'],
  ['src/core/dialect.ts', "import { DataSource } from 'typeorm';\nexport const isPostgres = (ds: DataSource) => ds.options.type === 'postgres';"],
];

describe('import boundaries', () => {
  let found: string[][];
  beforeAll(() => {
    found = boundaryErrors([...FORBIDDEN, ...ALLOWED, ...CONFINED, ...AT_HOME]);
  }, 120_000);

  it.each(FORBIDDEN.map((probe, i) => [...probe, i] as const))('refuses, in %s, %s', (_file, _line, i) => {
    expect(found[i]).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path/)]);
  });

  it.each(ALLOWED.map((probe, i) => [...probe, FORBIDDEN.length + i] as const))('allows, in %s, %s', (_file, _line, i) => {
    expect(found[i]).toEqual([]);
  });
  const confinedAt = FORBIDDEN.length + ALLOWED.length;
  it.each(CONFINED.map((probe, i) => [...probe, confinedAt + i] as const))('confines, in %s, %s', (_file, _line, i) => {
    expect(found[i]).toEqual([
      expect.stringMatching(/^no-restricted-syntax: (Read settings through src\/config|Ask src\/core\/dialect|better-sqlite3's handle)/),
    ]);
  });

  it.each(AT_HOME.map((probe, i) => [...probe, confinedAt + CONFINED.length + i] as const))('allows, in %s, %s', (_file, _line, i) => {
    expect(found[i]).toEqual([]);
  });
});
