import { registerEnumType } from 'type-graphql';

/** The bibliography formats a record can be cited in: what Zotero, Mendeley, EndNote and LaTeX import. */
export enum CitationFormat {
  CSL_JSON = 'CSL_JSON',
  RIS = 'RIS',
  BIBTEX = 'BIBTEX',
  BIBLATEX = 'BIBLATEX',
}
registerEnumType(CitationFormat, {
  name: 'CitationFormat',
  description: 'A bibliography format. Every format keeps Chinese text as UTF-8; none invents a date, publisher, author or URL the document does not give.',
  valuesConfig: {
    CSL_JSON: {
      description:
        "CSL-JSON (citeproc, Zotero, pandoc): always an array of items. A regulator's decision is a legal_case with its authority and number, the article an article-newspaper, a curator's note a document, a manager's disclosure a report.",
    },
    RIS: { description: 'RIS (Zotero, EndNote, Mendeley): one record per cited document, TY CASE / NEWS / RPRT / GEN; the quotes and the permalink in N1.' },
    BIBTEX: {
      description:
        'BibTeX: @article for the article, @techreport for a disclosure, @misc for a decision (BibTeX has no case type: the authority in organization and howpublished, the number in number) and for a note.',
    },
    BIBLATEX: {
      description: 'BibLaTeX: @jurisdiction for a decision (institution, number), @article with entrysubtype newspaper for the article, @report, @misc.',
    },
  },
});
