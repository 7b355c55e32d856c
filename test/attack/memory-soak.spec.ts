import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The hostile-memory soak (bench/hostile-memory.ts) at a count CI can afford: the compiled server as
 * `npm start` runs it, distinct valid queries and distinct 90 kB variables from rotating loopback
 * addresses; the soak exits 0 only if the process lived and its RSS stayed under 350 MB. The counts are
 * the smallest that still killed the unbounded server of issue 12 (it died after about 4,300 requests);
 * `npm run soak -- --hostile-memory` runs the full 20,000 and 5,000.
 */
const SOAK = path.join(__dirname, '..', '..', 'dist', 'bench', 'soak.js');
const QUERIES = 4000;
const VARIABLES = 1000;

describe('memory under distinct queries and distinct large variables', () => {
  it(`keeps the server alive and under 350 MB through ${QUERIES} queries and ${VARIABLES} 90 kB variables`, async () => {
    if (!fs.existsSync(SOAK)) throw new Error(`${SOAK} is missing: build first (npm test builds)`);
    const child = spawn(process.execPath, [SOAK, '--hostile-memory', '--queries', String(QUERIES), '--variables', String(VARIABLES), '--no-write'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    const summary = output
      .split('\n')
      .filter((line) => /RSS start|soak (passed|failed)|"alive"|"diedAfterRequests"|"sent"|"query"|"variable"/.test(line))
      .join('\n');
    process.stdout.write(`hostile-memory soak (${QUERIES} queries, ${VARIABLES} variables), exit ${code}:\n${summary}\n`);
    expect({ code, summary }).toEqual({ code: 0, summary });
  }, 180_000);
});
