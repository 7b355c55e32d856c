/**
 * Writes an instant as ISO 8601 in +08:00 (Asia/Shanghai, which has no daylight saving), the form the
 * database stores so that text order is time order.
 */
export function toShanghaiIso(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`"${instant}" is not an instant`);
  const local = new Date(ms + 8 * 3600 * 1000).toISOString();
  const millis = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${millis}+08:00`;
}
