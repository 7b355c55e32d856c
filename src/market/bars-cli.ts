import 'reflect-metadata';
import fs from 'node:fs';
import { openDataSource } from '../../ormconfig';
import { runCommand } from '../core/cli';
import { BarImportError, importBars, parseBars } from './bars-import';

const USAGE = `Usage: npm run import:bars -- FILE.csv --instrument 000001.SH [--interval SECONDS]
  FILE.csv has the header time,open,high,low,close,volume,turnover; times are Asia/Shanghai unless they
  carry an offset; turnover is in CNY. Re-importing the same file changes nothing.`;

/** A progress bar on stderr, for files large enough to want one. */
function progressBar(total: number) {
  const interactive = process.stderr.isTTY;
  let last = -1;
  let lastDecile = -1;
  return (done: number, of: number) => {
    if (total < 5000) return;
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
  const interval = intervalText === undefined ? undefined : Number(intervalText);
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1)) {
    console.error(`--interval must be a whole number of seconds; got ${intervalText}`);
    return 64;
  }
  if (!fs.existsSync(file)) {
    console.error(`${file}: no such file`);
    return 66;
  }
  const bars = parseBars(file, fs.readFileSync(file, 'utf8'), instrument, interval);
  const dataSource = await openDataSource();
  try {
    const result = await importBars(dataSource, bars, progressBar(bars.length));
    console.log(
      `${file}: ${bars.length} bars of ${instrument} (${bars[0].intervalSeconds} s each, ${bars[0].time} to ${bars[bars.length - 1].time}): ` +
        `${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

runCommand(main, [BarImportError]);
