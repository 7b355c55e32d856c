import { CalendarService } from '../src/calendar/calendar.service';
import { addTradingDays, countTradingDays, isTradingDay, nextTradingDay, TradingCalendarData } from '../src/calendar/trading-days';
import { OutOfCalendarRangeError } from '../src/core/errors';
import { buildEvent, buildManager } from './support/factories';
import { dataOf, startTestServer, TestServer } from './support/server';

/** Trading-day arithmetic on the curated 2024 exchange calendar. */
describe('trading days', () => {
  let server: TestServer;
  let calendar: TradingCalendarData;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    calendar = await new CalendarService(server.dataSource).load();
  });
  afterAll(() => server.stop());

  it('knows weekends and the published closures', () => {
    expect(isTradingDay('2024-02-19', calendar)).toBe(true); // Monday after the Spring Festival
    expect(isTradingDay('2024-02-16', calendar)).toBe(false); // Friday in the Spring Festival closure
    expect(isTradingDay('2024-02-18', calendar)).toBe(false); // Sunday
    expect(isTradingDay('2024-10-07', calendar)).toBe(false); // National Day closure, a Monday
    expect(nextTradingDay('2024-02-08', calendar)).toBe('2024-02-19');
    expect(countTradingDays('2024-01-01', '2024-12-31', calendar)).toBe(242);
  });

  it('counts a span across the Spring Festival in trading days, not calendar days', () => {
    expect(addTradingDays('2024-02-20', 3, calendar)).toBe('2024-02-22');
    expect(addTradingDays('2024-02-07', 3, calendar)).toBe('2024-02-19');
    expect(addTradingDays('2024-02-10', 1, calendar)).toBe('2024-02-19'); // starts on a closed day: the span starts on the next trading day
    expect(addTradingDays('2024-09-30', 2, calendar)).toBe('2024-10-08');
  });

  it('refuses arithmetic outside the curated years rather than guessing', () => {
    expect(() => addTradingDays('2024-12-30', 5, calendar)).toThrow(OutOfCalendarRangeError);
    expect(() => isTradingDay('2023-05-01', calendar)).toThrow(/does not cover 2023/);
  });

  it('gives a suspension over the holiday its end and resume days through the API', async () => {
    const manager = await buildManager(server.dataSource);
    await buildEvent(server.dataSource, {
      type: 'TRADING_SUSPENSION' as never,
      authorityCode: 'SSE',
      measure: null,
      startDate: '2024-02-07',
      tradingDays: 3,
      managers: [manager],
    });
    const data = dataOf(
      await server.query(`{ manager(slug: "${manager.slug}") { events { nodes { ... on TradingSuspension { startDate tradingDays endDate resumeDate } } } } }`),
    );
    expect(data.manager.events.nodes).toEqual([{ startDate: '2024-02-07', tradingDays: 3, endDate: '2024-02-19', resumeDate: '2024-02-20' }]);
  });

  it('answers addTradingDays and countTradingDays queries, and names the uncovered year', async () => {
    const data = dataOf(
      await server.query(
        '{ a: addTradingDays(date: "2024-02-20", days: 3) b: countTradingDays(from: "2024-02-01", to: "2024-02-29") cal: tradingCalendar(year: 2024) { tradingDayCount closures { date } sources { quote } } }',
      ),
    );
    expect(data.a).toBe('2024-02-22');
    expect(data.b).toBe(15);
    expect(data.cal.tradingDayCount).toBe(242);
    expect(data.cal.closures).toHaveLength(20);
    expect(data.cal.sources[0].quote).toContain('Feb 9-17');
    const outside = await server.query('{ addTradingDays(date: "2025-01-02", days: 1) }');
    expect(outside.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('does not cover 2025'), extensions: { code: 'OUT_OF_CALENDAR_RANGE' } });
    const bad = await server.query('{ addTradingDays(date: "2024-02-20", days: 0) }');
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
