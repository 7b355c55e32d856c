import 'reflect-metadata';
import fs from 'node:fs';
import { databaseOptions, openDataSource } from '../database/open';
import { loadConfig } from '../config/config';
import { runCommand } from './run-command';
import { BarImportError } from '../market/bars-reader';
import { importBarFile } from '../market/bars-import';

const USAGE = `Usage: npm run import:bars -- FILE.csv --instrument 000001.SH [--interval SECONDS]
  FILE.csv has the header time,open,high,low,close,volume,turnover; times are Asia/Shanghai unless they
  carry an offset; turnover is in CNY. Re-importing the same file changes nothing.`;

/** A progress bar on stderr, for files large enough to want one. */
function progressBar() {
  const interactive = process.stderr.isTTY;
  let last = -1;
  let lastDecile = -1;
  return (done: number, of: number) => {
    if (of < 5000) return;
    const percent = Math.floor((done / Math.max(1, of)) * 100);
    if (percent === last) return;
    last = percent;
    const bar = `${'#'.repeat(Math.floor(percent / 4))}${'.'.repeat(25 - Math.floor(percent / 4))}`;
    if (interactive) process.stderr.write(`\r[${bar}] ${percent}% ${done}/${of}`);
    else if (Math.floor(percent / 10) > lastDecile) {
      lastDecile = Math.floor(percent / 10);
      process.stderr.write(`[${bar}] ${percent}% ${done}/${of}\n`);
    }
    if (interactive && done >= of) process.stderr.write('\n');
  };
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a, i) => !a.startsWith('--') && !['--instrument', '--interval'].includes(argv[i - 1]));
  const valueOf = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const instrument = valueOf('--instrument');
  const intervalText = valueOf('--interval');
  if (!file || !instrument) {
    console.error(USAGE);
    return 64;
  }
  if (intervalText !== undefined && !/^[1-9]\d{0,8}$/.test(intervalText)) {
    console.error(`--interval must be a whole number of seconds in decimal digits; got ${JSON.stringify(intervalText.slice(0, 40))}`);
    return 64;
  }
  const interval = intervalText === undefined ? undefined : Number(intervalText);
  if (!fs.existsSync(file)) {
    console.error(`${file}: no such file`);
    return 66;
  }
  const dataSource = await openDataSource(databaseOptions(loadConfig()));
  try {
    const result = await importBarFile(dataSource, file, { instrumentCode: instrument, intervalSeconds: interval, onProgress: progressBar() });
    console.log(
      `${file}: ${result.bars} bars of ${instrument} (${result.intervalSeconds} s each, ${result.first} to ${result.last}): ` +
        `${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

runCommand(main, [BarImportError]);
