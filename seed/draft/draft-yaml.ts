import YAML from 'yaml';
import { Draft } from './draft-model';

/**
 * A draft as the YAML file a curator reviews: the filing, TODO where the document does not say (with
 * a comment saying why), and a `draft:` block holding, for every field, the words it was read from.
 * The block is not part of the filing schema, whose objects are strict: a draft the curator has not
 * finished is refused by the loader even if it were moved under seed/filings/.
 */

const HEADER = (draft: Draft, document: string) =>
  [
    ` Draft ${draft.kind} read from ${document} by \`npm run seed -- --draft\`: not a filing yet.`,
    ' Check every field against its reading in draft.readings (the words of the document it was read',
    ' from), fill every TODO, then delete the draft: block and move the file under seed/filings/.',
    ' The loader refuses the file while the draft: block is in it.',
  ].join('\n');

/** The YAML text of a draft; `document` is how its source document is named (its path as given). */
export function draftYaml(draft: Draft, document: string): string {
  const content = {
    ...draft.filing,
    draft: {
      document,
      todo: draft.todo,
      readings: draft.readings,
    },
  };
  const doc = new YAML.Document(content);
  doc.commentBefore = HEADER(draft, document);
  for (const { path, text } of draft.comments) {
    const node = doc.getIn(path, true);
    if (YAML.isScalar(node)) node.comment = appended(node.comment, text);
    else if (YAML.isCollection(node)) {
      node.flow = node.items.every((item) => YAML.isScalar(item));
      const last = node.items[node.items.length - 1];
      if (node.flow || !YAML.isNode(last)) node.comment = appended(node.comment, text);
      else last.commentBefore = appended(last.commentBefore, text);
    }
  }
  for (const path of [['managers'], ['products']]) {
    const node = doc.getIn(path, true);
    if (YAML.isSeq(node)) node.flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}

function appended(comment: string | null | undefined, text: string): string {
  return comment ? `${comment}; ${text}` : ` ${text}`;
}
