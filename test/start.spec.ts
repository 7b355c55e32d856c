import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, migrations } from '../ormconfig';
import { tempDbPath } from './support/server';

const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');

/** Starts the compiled server as `npm start` does and waits for it to say where it listens. */
function startMain(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with npm test, which builds first`);
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('starting the server on a fresh machine', () => {
  it('migrates, loads the curated seed into an empty database, serves, and stops on SIGTERM', async () => {
    const dbPath = tempDbPath();
    const first = await startMain({ DB_PATH: dbPath });
    const response = await fetch(`${first.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ events { totalCount } }' }) });
    expect(((await response.json()) as any).data.events.totalCount).toBe(21);
    expect(first.output()).toMatch(/Loaded the curated seed/);
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const second = await startMain({ DB_PATH: dbPath });
    expect(second.output()).not.toMatch(/Loaded the curated seed/);
    const stopped = exitOf(second.child);
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });

  it('stops with a clear message and a non-zero code on a bad configuration value', async () => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exitOf(child)).toBe(78);
    expect(stderr).toContain('Invalid configuration: PORT="eighty": expected an integer from 0 to 65535');
  });
});

describe('migrations', () => {
  it('apply to an empty database, revert completely, and apply again', async () => {
    const ds: DataSource = createDataSource({ database: tempDbPath() });
    await ds.initialize();
    try {
      const tables = async () => (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'migrations' ORDER BY name")).map((r: any) => r.name);
      expect(await tables()).toEqual([]);
      expect(await ds.runMigrations()).toHaveLength(migrations.length);
      expect(await tables()).toEqual(expect.arrayContaining(['announcement', 'citation', 'event', 'manager', 'market_window', 'trading_episode']));
      expect(await ds.showMigrations()).toBe(false);
      for (let i = 0; i < migrations.length; i += 1) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect((await tables()).length).toBeGreaterThan(15);
    } finally {
      await ds.destroy();
    }
  });
});
