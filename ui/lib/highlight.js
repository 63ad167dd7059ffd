// A snippet from the core as DOM: its pieces are plain text, the matched
// ones wrapped in <mark>. Built from text nodes only, never from markup.

/** [{ text, hit }] → a DocumentFragment of text nodes and <mark> elements. */
export function highlighted(pieces) {
  const out = document.createDocumentFragment();
  for (const piece of pieces ?? []) {
    if (piece.hit) {
      const mark = document.createElement('mark');
      mark.textContent = piece.text;
      out.append(mark);
    } else {
      out.append(document.createTextNode(piece.text));
    }
  }
  return out;
}
