import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { AMOUNT_FORMAT, DayValue, DECIMAL_FORMAT, dayCell, displayWidth, PERCENT_FORMAT, percentFraction, shanghaiTimeCell, TIME_FORMAT } from './cell-values';

/**
 * What a column holds: `text` (names, codes; several values joined by "; "), `long` (quotes,
 * summaries: wrapped), `day` (a DayValue or a `YYYY[-MM[-DD]]` string), `time` (an instant, shown in
 * +08:00), `amount` and `integer` (whole numbers, `#,##0`), `decimal` (`#,##0.00`), `percent` (the
 * API's percent, 5.3 for 5.3%, stored as 0.053 and shown 5.30%), `boolean`.
 */
export type ColumnKind = 'text' | 'long' | 'day' | 'time' | 'amount' | 'integer' | 'decimal' | 'percent' | 'boolean';

export interface Column<T> {
  header: string;
  kind: ColumnKind;
  value(row: T): unknown;
}

/** One worksheet: a header row, then one row per element of `rows`. */
export interface SheetSpec<T = any> {
  name: string;
  columns: Column<T>[];
  rows: T[];
}

export interface WorkbookSpec {
  title: string;
  /** What the workbook holds and which filter made it, for the document's properties. */
  subject: string;
  sheets: SheetSpec[];
}

const MAX_WIDTH = { text: 40, long: 50 } as const;
const TOP_LEFT: Partial<ExcelJS.Alignment> = { vertical: 'top', horizontal: 'left', wrapText: true };
const TOP: Partial<ExcelJS.Alignment> = { vertical: 'top' };

interface Cell {
  value: ExcelJS.CellValue;
  numFmt?: string;
  /** The text a reader sees, for the column's width. */
  shown: string;
}

const isText = (kind: ColumnKind) => kind === 'text' || kind === 'long';
const asText = (raw: unknown): string => (Array.isArray(raw) ? raw.filter((v) => v !== null && v !== undefined).join('; ') : String(raw));

/** The cell of a value in a column of `kind`; null and undefined make an empty cell. */
function cellOf(kind: ColumnKind, raw: unknown): Cell | null {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (kind) {
    case 'day': {
      const day = typeof raw === 'string' ? dayCell({ day: raw }) : dayCell(raw as DayValue);
      return day && { ...day, shown: day.numFmt };
    }
    case 'time': {
      const time = shanghaiTimeCell(String(raw));
      return time && { value: time, numFmt: TIME_FORMAT, shown: TIME_FORMAT };
    }
    case 'amount':
    case 'integer':
      return { value: Number(raw), numFmt: AMOUNT_FORMAT, shown: Number(raw).toLocaleString('en-US') };
    case 'decimal':
      return { value: Number(raw), numFmt: DECIMAL_FORMAT, shown: Number(raw).toLocaleString('en-US', { minimumFractionDigits: 2 }) };
    case 'percent':
      return { value: percentFraction(Number(raw)), numFmt: PERCENT_FORMAT, shown: `${Number(raw).toFixed(2)}%` };
    case 'boolean':
      return { value: Boolean(raw), shown: 'FALSE' };
    case 'text':
    case 'long': {
      const text = asText(raw);
      return text === '' ? null : { value: text, shown: text };
    }
  }
}

const widestLine = (text: string) => Math.max(...text.split('\n').map(displayWidth));

/**
 * A column's width: the widest line a reader sees in it, within the column's maximum (CJK characters
 * count two); of the header, which wraps, its longest word.
 */
function widthOf(kind: ColumnKind, header: string, widestCell: number): number {
  const width = Math.max(widestCell, ...header.split(' ').map(displayWidth));
  const max = kind === 'long' ? MAX_WIDTH.long : MAX_WIDTH.text;
  return Math.min(width, max) + 2;
}

const LINE_HEIGHT = 15;

/**
 * The height of a row whose texts wrap, in points: spreadsheet programs do not all grow a row to fit
 * its wrapped text when they open a file (LibreOffice does not), so the row says how tall it is.
 * Lines are counted as the column's width in characters, less a margin for breaking at words.
 */
function heightOf(texts: (string | null)[], widths: number[]): number | undefined {
  let lines = 1;
  texts.forEach((text, i) => {
    if (text === null) return;
    const usable = Math.max(widths[i] - 2, 1);
    const needed = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
    lines = Math.max(lines, needed);
  });
  return lines > 1 ? lines * LINE_HEIGHT : undefined;
}

/** Rows written before the writer waits for the output to drain: exceljs writes a committed row at once, without backpressure. */
const ROWS_PER_TURN = 200;

/** Waits a turn of the event loop, and while `output` is full until it drains (or closes: a client that went away). */
async function drained(output: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (output.writableNeedDrain && !output.destroyed && !output.closed)
    await new Promise<void>((resolve) => {
      const done = () => {
        output.off('drain', done).off('close', done);
        resolve();
      };
      output.on('drain', done).on('close', done);
    });
}

/** The widths of the columns, from a first pass over the rows that keeps no cells. */
function columnWidths(sheet: SheetSpec): number[] {
  const widest = sheet.columns.map(() => 0);
  for (const row of sheet.rows)
    sheet.columns.forEach((column, i) => {
      const cell = cellOf(column.kind, column.value(row));
      if (cell) widest[i] = Math.max(widest[i], widestLine(cell.shown));
    });
  return sheet.columns.map((column, i) => widthOf(column.kind, column.header, widest[i]));
}

function writeHeader(worksheet: ExcelJS.Worksheet, sheet: SheetSpec, widths: number[]): void {
  const header = worksheet.addRow(sheet.columns.map((column) => column.header));
  header.height = heightOf(
    sheet.columns.map((column) => column.header),
    widths,
  ) as number;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: SheetSpec, output: Writable): Promise<void> {
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { orientation: 'landscape', paperSize: ExcelJS.PaperSize.A4, scale: 65, printTitlesRow: '1:1' },
  });
  const widths = columnWidths(sheet);
  worksheet.columns = widths.map((width, i) => ({ key: String(i), width }));
  writeHeader(worksheet, sheet, widths);
  for (const [n, data] of sheet.rows.entries()) {
    const cells = sheet.columns.map((column) => cellOf(column.kind, column.value(data)));
    const row = worksheet.addRow(cells.map((cell) => cell?.value ?? null));
    row.height = heightOf(
      cells.map((cell, i) => (cell && isText(sheet.columns[i].kind) ? cell.shown : null)),
      widths,
    ) as number;
    cells.forEach((cell, i) => {
      const target = row.getCell(i + 1);
      if (cell?.numFmt) target.numFmt = cell.numFmt;
      target.alignment = isText(sheet.columns[i].kind) ? TOP_LEFT : TOP;
    });
    row.commit();
    if (n % ROWS_PER_TURN === ROWS_PER_TURN - 1) await drained(output);
  }
  const last = worksheet.getColumn(sheet.columns.length).letter;
  worksheet.autoFilter = `A1:${last}${sheet.rows.length + 1}`;
  worksheet.commit();
}

/**
 * Writes a workbook to `stream` with exceljs's streaming writer: each row is written (and zipped) as
 * it is committed rather than the whole workbook built in memory first, and strings are written in
 * their cells rather than collected in a shared table until the end. Every sheet gets a frozen,
 * filterable header row and columns as wide as their contents (wrapped beyond a maximum).
 */
export async function writeWorkbook(stream: Writable, spec: WorkbookSpec): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'fundwatch';
  workbook.lastModifiedBy = 'fundwatch';
  workbook.title = spec.title;
  workbook.subject = spec.subject;
  workbook.created = new Date();
  workbook.modified = workbook.created;
  for (const sheet of spec.sheets) await writeSheet(workbook, sheet, stream);
  await workbook.commit();
}
