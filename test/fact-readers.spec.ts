import {
  numberOf,
  readAmounts,
  readCounts,
  readDates,
  readDayRanges,
  readDurations,
  readLevels,
  readPercents,
  readTimes,
  readYears,
} from '../seed/facts/readers';

/**
 * The readers the consistency check and the draft command share (seed/facts/readers.ts), on the
 * forms the press writes and on the look-alikes each must not take: a year is not an amount, a
 * duration is not a date, the first trading day is not a duration of one.
 */
describe('fact readers', () => {
  it('reads Chinese and Arabic numerals', () => {
    expect(['三', '十', '十二', '二十', '两百', '一千零五', '17', '2.5', '三点'].map(numberOf)).toEqual([3, 10, 12, 20, 200, 1005, 17, 2.5, null]);
  });

  it('reads amounts exactly in CNY, with and without spaces and 元, and leaves finer-than-fen figures out', () => {
    const text = '卖出沪市股票合计 11.95 亿元，深市 13.72亿元，规模不足 5 亿元，另 5000 万，共 1,195,000,000 元，0.001 元';
    expect(readAmounts(text).map((r) => r.cny)).toEqual([1_195_000_000, 1_372_000_000, 500_000_000, 50_000_000, 1_195_000_000]);
    expect(readAmounts('2024 年 2 月 19 日，2886.59 点')).toEqual([]);
  });

  it('reads percentages with their sign, and which are written as falls', () => {
    const read = readPercents('收益率为-11.87%，60 秒内下跌 0.64%，占比为60%，−0.5 ％');
    expect(read.map((r) => [r.value, r.falls])).toEqual([
      [-11.87, false],
      [0.64, true],
      [60, false],
      [-0.5, false],
    ]);
  });

  it('reads index levels, counts with 多, and not durations as counts', () => {
    expect(readLevels('上证指数为 2886.59 点，8871.65点').map((r) => r.value)).toEqual([2886.59, 8871.65]);
    expect(readCounts('有 5 只产品，20 多只产品，85 家百亿级私募，三位人士，三个交易日，三个月').map((r) => [r.value, r.moreThan])).toEqual([
      [5, false],
      [20, true],
      [85, false],
      [3, false],
    ]);
  });

  it('reads dates with and without their year, months, relative years, and not durations as dates', () => {
    const read = readDates('2023 年 8 月 31 日，随后 9 月，2 月 20 日，2023 年度，今年以来，去年，2024 年第一个月，暂停三个月');
    expect(read.map((r) => [r.year, r.month, r.day, r.relativeYear])).toEqual([
      [2023, 8, 31, null],
      [null, 9, null, null],
      [null, 2, 20, null],
      [2023, null, null, null],
      [null, null, null, 0],
      [null, null, null, -1],
      [2024, null, null, null],
      [null, 1, null, null],
    ]);
    expect(readDates('13 月 40 日')).toEqual([]);
  });

  it("reads years in Chinese and in the curators' English, and not amounts, levels or ISO days as years", () => {
    expect(readYears("2023 年 5 月初，The exchanges' published 2024 closures，2000 万，2024-02-20，2886.59 点").map((r) => r.year)).toEqual([2023, 2024]);
  });

  it("reads the curators' English day ranges", () => {
    expect(readDayRanges('Jan 1; Feb 9-17 (Spring Festival); Sep 16-17').map((r) => [r.month, r.from, r.to])).toEqual([
      [1, 1, 1],
      [2, 9, 17],
      [9, 16, 17],
    ]);
  });

  it('reads times of day, and not ratios or clock-like scores past midnight', () => {
    expect(readTimes('9:30:00 至 9:30:42，9:31，25:00，1:2:3').map((t) => t.seconds)).toEqual([34200, 34242, 34260]);
  });

  it('reads durations in trading days, months and seconds, and not 第一个交易日 or a year as one', () => {
    expect(readDurations('三个交易日，3 个交易日，三个月，60 秒内，一分钟内，春节后第一个交易日，2024 年').map((d) => [d.value, d.unit])).toEqual([
      [3, 'TRADING_DAY'],
      [3, 'TRADING_DAY'],
      [3, 'MONTH'],
      [60, 'SECOND'],
      [1, 'MINUTE'],
    ]);
  });
});
