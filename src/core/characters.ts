import { ASTVisitor, GraphQLError, ValidationContext, ValidationRule } from 'graphql';

const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
/**
 * Characters no text of the API may hold: control characters (C0 other than tab and line ends, DEL, C1), lone
 * surrogates, and bidirectional overrides and isolates (which disguise what text says). The curated
 * filings are held to the same rule, so the API serves only what it accepts.
 */
export const FORBIDDEN_CHARACTER = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]|${LONE_SURROGATE}`);

/** A character as messages name it: U+001B. */
export function codePointOf(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** The first forbidden character in `text`: its code point as U+XXXX and its offset, or null. */
export function findForbiddenCharacter(text: string): { codePoint: string; offset: number } | null {
  const found = FORBIDDEN_CHARACTER.exec(text);
  if (!found) return null;
  return { codePoint: codePointOf(found[0]), offset: found.index };
}

/**
 * String literals in a query, as the lexer decoded them: `"\u0000"` is refused like a raw NUL, so an
 * escape cannot carry in what the text check keeps out.
 */
export function stringLiteralsRule(): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    StringValue(node) {
      const bad = findForbiddenCharacter(node.value);
      if (!bad) return;
      context.reportError(
        new GraphQLError(`A string in the query holds the character ${bad.codePoint} at offset ${bad.offset} of its value, which no text here may contain`, {
          nodes: [node],
          extensions: { limitCode: 'INVALID_CHARACTER', http: { status: 400 } },
        }),
      );
    },
  });
}

/** How many characters (code points) a string has, counted without making an array of them. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i += 1;
    count += 1;
  }
  return count;
}
