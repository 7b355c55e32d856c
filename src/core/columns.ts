import { ValueTransformer } from 'typeorm';

/**
 * Portable column helpers shared by entities and migrations. Money is decimal(20,2) in CNY; drivers
 * that return decimals as strings (PostgreSQL) are read back as numbers.
 */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export const MONEY = { type: 'decimal' as const, precision: 20, scale: 2, transformer: decimalToNumber };
