/** One line of a text file: its 1-based number and its text without the line end. */
export interface FileLine {
  number: number;
  /** The line's text, decoded as UTF-8 (a malformed sequence becomes U+FFFD); empty when the line is over the cap. */
  text: string;
  /** The line's length in bytes when it is over the cap, else null. */
  overlongBytes: number | null;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a file's bytes into lines as they arrive, holding at most one line of at most `maxBytes`:
 * LF, CRLF and a lone CR each end a line (as core/csv reads them), a leading UTF-8 BOM is dropped, and
 * a longer line is skipped to its end and reported by its length alone, so that a file with no line
 * ends costs no more memory than one with short lines.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private bytes = 0;
  private afterCr = false;
  private number = 1;

  constructor(private readonly maxBytes: number) {}

  /** The lines this chunk completes. */
  push(chunk: Buffer): FileLine[] {
    const lines: FileLine[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (this.afterCr) {
        this.afterCr = false;
        if (byte === LF) {
          start = i + 1;
          continue;
        }
      }
      if (byte !== LF && byte !== CR) continue;
      lines.push(this.finish(chunk, start, i));
      start = i + 1;
      this.afterCr = byte === CR;
    }
    this.keep(chunk, start, chunk.length);
    return lines;
  }

  /** The last line, when the file does not end with a line end. */
  end(): FileLine[] {
    return this.bytes > 0 ? [this.finish(Buffer.alloc(0), 0, 0)] : [];
  }

  /** Keeps the start of a line that goes on in the next chunk (a copy: the chunk itself is let go). */
  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    if (this.bytes + (to - from) <= this.maxBytes) this.parts.push(Buffer.from(chunk.subarray(from, to)));
    else this.parts = [];
    this.bytes += to - from;
  }

  private finish(chunk: Buffer, from: number, to: number): FileLine {
    const bytes = this.bytes + (to - from);
    let text = '';
    if (bytes <= this.maxBytes)
      text = this.parts.length === 0 ? chunk.toString('utf8', from, to) : Buffer.concat(this.parts.concat(chunk.subarray(from, to))).toString('utf8');
    if (this.number === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const line: FileLine = { number: this.number, text, overlongBytes: bytes > this.maxBytes ? bytes : null };
    this.number += 1;
    this.parts = [];
    this.bytes = 0;
    return line;
  }
}
