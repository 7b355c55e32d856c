import fs from 'node:fs';

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Why an existing SQLite file cannot be opened as a database, or null when it can (or does not exist
 * yet: a missing file is created and seeded). A file of 0 bytes is refused: it was truncated or made by
 * something else, and treating it as new would silently re-seed over what it held.
 */
export function damagedDatabaseFile(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return 'is not a regular file';
  if (stat.size === 0)
    return 'exists but is empty (0 bytes); a database file that was truncated is not re-seeded: restore it from a backup, or move it away to start afresh';
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER))
    return 'is not a SQLite database (its first bytes are not the SQLite header); restore it from a backup, or move it away to start afresh';
  return null;
}

/** What a running server knows of its database file: null while it is the file it opened, else what happened. */
export interface DatabaseFileWatch {
  problem(): string | null;
}

/**
 * Follows the SQLite file a server has open: deleted, replaced (another file now at its path) or
 * truncated under the running server, it no longer holds what the server serves, and the problem
 * sticks until a restart. Checked at most once per turn of the event loop (one stat call).
 */
export function watchDatabaseFile(file: string | null): DatabaseFileWatch {
  if (file === null) return { problem: () => null };
  const opened = fs.statSync(file);
  let problem: string | null = null;
  let checked = false;
  const check = (): string | null => {
    let now: fs.Stats;
    try {
      now = fs.statSync(file);
    } catch {
      return 'the database file was deleted while the server ran';
    }
    if (now.ino !== opened.ino || now.dev !== opened.dev) return 'the database file was replaced by another file while the server ran';
    if (now.size < SQLITE_HEADER.length) return `the database file was truncated to ${now.size} bytes while the server ran`;
    return null;
  };
  return {
    problem() {
      if (problem || checked) return problem;
      checked = true;
      setImmediate(() => (checked = false));
      problem = check();
      return problem;
    },
  };
}

/** A database file that exists but cannot be used as it is: start-up stops with exit 78 and this message. */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The database file ${file} ${reason}`);
    this.name = 'DamagedDatabaseError';
  }
}

/** SQLite's own word that a file is damaged, from better-sqlite3's error codes. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}
