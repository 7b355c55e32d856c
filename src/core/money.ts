const UNITS: Record<string, number> = { 亿: 8, 万: 4, '': 0 };

/**
 * Converts a figure as the press writes it ("11.95 亿", "225.28亿元", "5000 万") to exact CNY,
 * by decimal shifting rather than floating-point multiplication: 11.95 亿 = 1,195,000,000.
 */
export function parseCnyAmount(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)(?:\.(\d+))?\s*(亿|万)?\s*元?$/.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not an amount such as "11.95 亿"`);
  const [, whole, fraction = '', unit = ''] = m;
  const shift = UNITS[unit];
  if (fraction.length > shift + 2) throw new Error(`"${value}" has more precision than a fen`);
  const digits = `${whole}${fraction.padEnd(shift, '0')}`;
  const integerPart = digits.slice(0, whole.length + shift);
  const fen = digits.slice(whole.length + shift);
  const amount = Number(`${integerPart}${fen ? `.${fen}` : ''}`);
  if (!Number.isSafeInteger(Math.round(amount * 100))) throw new Error(`"${value}" is too large to hold exactly`);
  return amount;
}

/** Writes CNY the way the press does: 1195000000 -> "11.95 亿". */
export function formatYi(amountCny: number): string {
  return `${Number((amountCny / 1e8).toFixed(4))} 亿`;
}
