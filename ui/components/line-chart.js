// A line chart drawn as SVG from the core's series, no library: one dot per
// day with a value, the 7-day average as a line, and a day without a value
// as a break in the line (never a zero). role="img" with a summary, and a
// "show as table" <details> that lists the same numbers.
import { h } from '../lib/dom.js';

const NS = 'http://www.w3.org/2000/svg';
/** A table cell for a day without a value: a dash, never a zero. */
export const GAP = '—';

/** An SVG element: attributes set one by one, children appended. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) if (child) el.append(child);
  return el;
}

/** "6.5" for 6.5, "6" for 6, "" for a gap. */
export function number(v) {
  if (v === null || v === undefined) return '';
  return String(Math.round(v * 10) / 10);
}

/**
 * lineChart({ id, points, max, label, summary, columns, dayLabel, fullDay })
 * points: [{ day, value, avg7 }] oldest first. Ids: `${id}-svg` (the dots
 * are its `.dot` circles), `${id}-details`, `${id}-table`.
 */
export function lineChart({ id, points, max, label, summary, tableSummary, columns, dayLabel, fullDay, key = null }) {
  const W = 720; const H = 200; const left = 32; const right = 8; const top = 10; const bottom = 24;
  const n = points.length;
  const x = (i) => left + (n <= 1 ? 0 : (i * (W - left - right)) / (n - 1));
  const y = (v) => top + (1 - v / max) * (H - top - bottom);
  const grid = [0, max / 2, max].map((v) => [
    svg('line', { class: 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }),
    svg('text', { class: 'axis', x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, document.createTextNode(number(v))),
  ]);
  // The average as a path: a gap starts a new piece of line.
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.avg7 === null || p.avg7 === undefined) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.avg7).toFixed(1)}`;
    pen = true;
  });
  const dots = points.flatMap((p, i) => (p.value === null || p.value === undefined ? [] : [
    svg('circle', { class: 'dot', cx: x(i).toFixed(1), cy: y(p.value).toFixed(1), r: n > 120 ? 1.6 : 2.6 },
      svg('title', {}, document.createTextNode(`${fullDay(p.day)}: ${number(p.value)}`)))]));
  // A range across a new year gives its two ends their years (a year view
  // read "5 Dec … 4 Dec" otherwise).
  const spansYears = n > 0 && String(points[0].day).slice(0, 4) !== String(points[n - 1].day).slice(0, 4);
  const ticks = [0, Math.floor((n - 1) / 2), n - 1].filter((i, k, all) => n > 0 && all.indexOf(i) === k)
    .map((i, k, all) => {
      const first = k === 0;
      const last = k === all.length - 1;
      return svg('text', { class: 'axis', x: x(i), y: H - 6, 'text-anchor': first ? 'start' : last ? 'end' : 'middle' },
        document.createTextNode((spansYears && (first || last) ? fullDay : dayLabel)(points[i].day)));
    });
  const chart = svg('svg', { id: `${id}-svg`, class: 'line-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${label}: ${summary}` },
  grid, svg('path', { class: 'avg', d }), dots, ticks);

  const table = h('details', { id: `${id}-details`, class: 'chart-details' },
    h('summary', { text: tableSummary }),
    h('table', { id: `${id}-table` },
      h('thead', {}, h('tr', {}, columns.map((text) => h('th', { text })))),
      h('tbody', {}, [...points].reverse().map((p) => h('tr', {},
        h('td', { text: fullDay(p.day) }), h('td', { text: number(p.value) || GAP }), h('td', { text: number(p.avg7) || GAP }))))));
  return [h('div', { class: 'line-wrap' }, chart), key, table];
}
