/** Reading search snippets in specs: the HTML the API returns, with <mark> around what matched. */

/** The snippet without its marks and with HTML entities read back: the text it shows. */
export const plainSnippet = (snippet: string) =>
  snippet
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The texts inside the snippet's marks, read back. */
export const markedTexts = (snippet: string) => [...snippet.matchAll(/<mark>(.*?)<\/mark>/gs)].map((m) => plainSnippet(m[1]));
