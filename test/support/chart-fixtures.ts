import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { DatePrecision, EventType } from '../../src/events/event.enums';
import { importBarFile } from '../../src/market/bars-import';
import { buildAnnouncement, buildCitation, buildEvent, buildManager } from './factories';

const pad = (n: number) => String(n).padStart(2, '0');
const TYPES = Object.values(EventType);

/** Managers the synthetic chart data set writes, by what their timelines test. */
export const SYNTHETIC_MANAGERS = { crowded: 'chart-crowded', single: 'chart-single' } as const;

/**
 * A data set made to break a chart's layout, written beside whatever the database holds: a manager
 * with 44 events (a dozen on one day, long Chinese and English titles, a word longer than a label,
 * titles with XML's special characters, YEAR, MONTH and APPROXIMATE dates, events at both ends of a
 * four-year range) and a manager with one event. Each event cites one of three documents.
 */
export async function buildChartDataset(ds: DataSource): Promise<void> {
  const crowded = await buildManager(ds, {
    slug: SYNTHETIC_MANAGERS.crowded,
    shortName: '合成测试管理人有限公司（一个很长的简称用来测试标题换行）',
    englishName: 'Synthetic Crowded Timeline Asset Management Partnership (Limited)',
  });
  const single = await buildManager(ds, { slug: SYNTHETIC_MANAGERS.single, shortName: '单事件', englishName: 'Single' });
  const documents = [
    await buildAnnouncement(ds, { title: '合成文档：关于某量化私募管理人在二〇二四年二月异常交易行为的监管问询与处理情况的详细说明' }),
    await buildAnnouncement(ds, { title: 'Synthetic note <one> & "two"', language: 'en' }),
    await buildAnnouncement(ds, { title: '合成文档三' }),
  ];
  const specs: { date: string; precision: DatePrecision; title: string; titleEn: string | null }[] = [
    { date: '2021-01-01', precision: DatePrecision.YEAR, title: '年份事件：只知道发生在二〇二一年', titleEn: 'Known to the year only' },
    { date: '2024-12-31', precision: DatePrecision.DAY, title: '年末事件', titleEn: 'At the end of the range' },
    { date: '2023-07-01', precision: DatePrecision.MONTH, title: '月份事件：只知道月份', titleEn: 'Known to the month only' },
    { date: '2022-06-15', precision: DatePrecision.APPROXIMATE, title: '约略事件：策展人放置的日期', titleEn: 'Placed by the curator' },
    { date: '2022-06-16', precision: DatePrecision.DAY, title: '特殊字符 <标题> & "引号" \'撇号\'', titleEn: 'Specials <a> & "b" \'c\'' },
  ];
  for (let i = 0; i < 12; i++)
    specs.push({
      date: '2024-02-20',
      precision: i % 3 === 0 ? DatePrecision.APPROXIMATE : DatePrecision.DAY,
      title: `同日事件第${i + 1}件：交易所对该管理人名下多个证券账户在开盘后一分钟内集中大额卖出的异常交易行为采取监管措施`,
      titleEn: `Same-day event ${i + 1}: the exchange acts on concentrated large sales from several of the manager's accounts in the first minute after the open`,
    });
  for (let i = 0; i < 27; i++) {
    const month = (i % 36) + 1;
    specs.push({
      date: `${2021 + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-${pad(1 + ((i * 7) % 27))}`,
      precision: DatePrecision.DAY,
      title: i === 3 ? 'Anenglishtitlewithonewordlongerthananylabelcouldeverholdonasinglelineofthechart' : `第${i + 1}件事件`,
      titleEn: i % 2 ? null : `Event ${i + 1} with a title long enough to wrap onto a second line of the label`,
    });
  }
  for (const [i, spec] of specs.entries()) {
    const event = await buildEvent(ds, {
      managers: [crowded],
      type: TYPES[i % TYPES.length],
      date: spec.date,
      datePrecision: spec.precision,
      title: spec.title,
      titleEn: spec.titleEn,
    });
    await buildCitation(ds, 'Event', event.key, documents[i % documents.length]);
  }
  const lone = await buildEvent(ds, { managers: [single], date: '2024-02-08', title: '唯一的事件', titleEn: 'The only event' });
  await buildCitation(ds, 'Event', lone.key, documents[2]);
}

/** 240 synthetic minute bars of 000001.SH on 2024-02-19 (made-up levels), imported: what a window chart draws its line from. */
export async function importSyntheticMinuteBars(ds: DataSource): Promise<number> {
  const rows: string[] = [];
  let level = 2886.59;
  const minutes = [...Array.from({ length: 120 }, (_, i) => 9 * 60 + 30 + i), ...Array.from({ length: 120 }, (_, i) => 13 * 60 + i)];
  for (const m of minutes) {
    const close = Math.round((level + Math.sin(m / 7) * 2) * 100) / 100;
    rows.push(
      `2024-02-19 ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00,${level},${Math.max(level, close)},${Math.min(level, close)},${close},500000000,6000000000`,
    );
    level = close;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-chart-bars-')), 'bars.csv');
  fs.writeFileSync(file, `time,open,high,low,close,volume,turnover\n${rows.join('\n')}\n`);
  await importBarFile(ds, file, { instrumentCode: '000001.SH' });
  return rows.length;
}
