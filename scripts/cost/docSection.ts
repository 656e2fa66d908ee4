// A generated section of a document: the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

function bounds(doc: string, name: string): [number, number, string] {
  const [start, end] = markers(name);
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`the document has no ${start} … ${end} markers`);
  return [from + start.length, to, start];
}

/** The document with `text` between the section's markers. */
export function withSection(doc: string, name: string, text: string): string {
  const [from, to] = bounds(doc, name);
  return `${doc.slice(0, from)}\n${text}\n${doc.slice(to)}`;
}

/** What stands between the section's markers, trimmed. */
export function sectionOf(doc: string, name: string): string {
  const [from, to] = bounds(doc, name);
  return doc.slice(from, to).trim();
}
