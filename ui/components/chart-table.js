// A bar chart for the eye and the same numbers as a table for a screen
// reader: a group's attendance now, a journal's trends later.
import { h } from '../lib/dom.js';

/**
 * chartWithTable({ id, series, recent, summary, columns, key }) returns the
 * chart, its key and a "show as table" <details>, as an array to append.
 *
 * series: the points, oldest first, each { label, fullLabel, value, part? }:
 *   `label` under its bar, `fullLabel` in its tooltip and the table's first
 *   column, `part` an optional share of `value` drawn in a second colour.
 * recent: how many of the newest points the chart shows (the table: all).
 * summary: the words that open the table.
 * columns: the table's heads { label, value, part? }.
 * key: the chart's key { value, part }, drawn only when points have a part.
 *
 * Ids: `${id}-chart`, `${id}-details`, `${id}-table`.
 */
export function chartWithTable({ id, series, recent = series.length, summary, columns, key }) {
  const hasPart = columns.part !== undefined;
  const shown = series.slice(-recent);
  const max = Math.max(1, ...shown.map((p) => p.value));
  // aria-hidden: the table below says the same to a screen reader.
  const chart = h('div', { class: 'chart', id: `${id}-chart`, 'aria-hidden': 'true' },
    shown.map((p) => h('div', { class: 'chart-col', title: `${p.fullLabel}: ${p.value}` },
      h('span', { class: 'chart-value', text: String(p.value) }),
      bar(p.value / max, hasPart && p.value ? p.part / p.value : 0),
      h('span', { class: 'chart-label', text: p.label }))));
  const chartKey = hasPart ? h('p', { class: 'chart-key help' },
    h('span', { class: 'key-swatch' }), key.value, h('span', { class: 'key-swatch new' }), key.part) : null;

  const row = (cells) => cells.filter((text) => text !== undefined);
  const table = h('details', { id: `${id}-details` },
    h('summary', { text: summary }),
    h('table', { id: `${id}-table` },
      h('thead', {}, h('tr', {}, row([columns.label, columns.value, columns.part]).map((text) => h('th', { text })))),
      h('tbody', {}, [...series].reverse().map((p) => h('tr', {},
        row([p.fullLabel, String(p.value), hasPart ? String(p.part) : undefined]).map((text) => h('td', { text })))))));
  return [chart, chartKey, table];
}

/** A bar `share` of the chart high, its part `partShare` of the bar.
 * Heights go through the style object: the CSP allows no style attributes. */
function bar(share, partShare) {
  const part = h('div', { class: 'chart-new' });
  part.style.height = `${partShare * 100}%`;
  const column = h('div', { class: 'chart-bar' }, part);
  column.style.height = `${share * 100}%`;
  return column;
}
