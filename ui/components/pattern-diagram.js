// The research pattern as the core laid it out: boxes top to bottom, an
// arrow to the next step, loops as arrows going back up on the right. The
// drawing is hidden from screen readers; the same steps follow it as an
// ordered list of the core's sentences, which print and read aloud.
import { h, textNodes } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { svg } from './line-chart.js';

let drawn = 0;

/** patternDiagram(diagram, id): a <figure> with `${id}-svg` and `${id}-text`. */
export function patternDiagram(diagram, id = 'pattern') {
  const figure = h('figure', { id, class: 'pattern-diagram' });
  if (diagram.boxes.length === 0) {
    figure.append(h('p', { id: `${id}-empty`, class: 'muted', text: t('research.noPattern') }));
    return figure;
  }
  // Each drawing its own arrowhead id: the page and a preview may both show one.
  const head = `arrowhead-${++drawn}`;
  const picture = svg('svg', { id: `${id}-svg`, class: 'pattern-svg', viewBox: `0 0 ${diagram.width} ${diagram.height}`,
    width: diagram.width, height: diagram.height, 'aria-hidden': 'true', focusable: 'false' },
  svg('defs', {}, svg('marker', { id: head, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
    orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))),
  diagram.boxes.map((b) => svg('g', { class: `step step-${b.kind}`, 'data-number': b.number },
    svg('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 8 }),
    svg('text', { class: 'step-header', x: b.x + 10, y: b.y + 22 }, ...textNodes(b.header)),
    b.lines.map((line, i) => svg('text', { class: 'step-line', x: b.x + 10, y: b.y + 44 + i * 20 },
      ...textNodes(line))))),
  diagram.arrows.map((a) => svg('path', { class: a.back ? 'arrow back' : 'arrow', d: a.path,
    'data-from': a.from, 'data-to': a.to, 'marker-end': `url(#${head})` })));
  figure.append(
    h('div', { class: 'pattern-scroll' }, picture),
    h('figcaption', {}, h('h3', { id: `${id}-text-title`, text: t('research.patternAsText') }),
      h('ol', { id: `${id}-text`, class: 'pattern-text', 'aria-labelledby': `${id}-text-title` },
        diagram.text.map((line) => h('li', { text: line })))));
  return figure;
}
