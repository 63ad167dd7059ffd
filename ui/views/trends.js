// Trends: the check-ins over 4 weeks, 3 months or a year, as the core
// computed them (gaps stay gaps), the self-care days per week (whole weeks,
// and the page says from which Monday), boundary events per month and a
// month's mood calendar (this month, or an earlier one by its arrows).
// Each chart says what it shows in words and can be read as a table.
import { call } from '../lib/ipc.js';
import { formatDate, formatDay, language, plural, sep, t } from '../lib/i18n.js';
import { append, h } from '../lib/dom.js';
import { chartWithTable } from '../components/chart-table.js';
import { GAP, lineChart, number } from '../components/line-chart.js';

export const meta = { name: 'trends', inside: true, section: 'journal' };

const RANGES = [['weeks4', 'trends.weeks4'], ['months3', 'trends.months3'], ['year', 'trends.year']];
const SERIES = [
  ['mood', 'trends.mood', 10], ['energy', 'trends.energy', 10], ['stress', 'trends.stress', 10], ['sleep', 'trends.sleep', 12],
];

export async function render(root, ctx, params = {}) {
  const range = params.range ?? 'weeks4';
  const [trends, activities] = await Promise.all([call('trends_get', { range }), call('selfcare_activities_get')]);
  // The core's today ends the range; the calendar shows its month unless
  // an earlier one was chosen.
  const thisMonth = `${trends.to.slice(0, 7)}-01`;
  const month = /^\d{4}-\d{2}-01$/.test(params.month ?? '') && params.month <= thisMonth ? params.month : thisMonth;
  const calendar = await call('trends_calendar', { month });
  const labels = Object.fromEntries(activities.map((a) => [a.key, a.label]));
  const page = h('section', { class: 'page trends' });
  root.append(page);
  const switcher = h('div', { class: 'range-switch', role: 'group', 'aria-label': t('trends.range') },
    RANGES.map(([key, label]) => h('button', { type: 'button', id: `range-${key}`, 'aria-pressed': String(key === range),
      autofocus: key === range && !params.focus, text: t(label), onclick: () => ctx.go('trends', { range: key }) })));
  append(page,
    h('div', { class: 'page-head' }, h('h1', { text: t('trends.title') }), switcher),
    h('p', { id: 'trends-span', class: 'lead', text: t('trends.span', {
      from: formatDate(trends.from), to: formatDate(trends.to), n: trends.checkin_days }) }),
    SERIES.map(([name, label, max]) => lineCard(name, t(label), max, trends.series[name], trends.summaries[name],
      trends.avg7_min_days)),
    selfcareCard(trends),
    boundaryCard(trends),
    calendarCard(calendar, month, thisMonth, params.focus, (to, focus) => ctx.go('trends', { range, month: to, focus })),
    helpsCard(trends.helps, labels),
    h('button', { type: 'button', class: 'link', text: t('journal.back'), onclick: () => ctx.go('journal') }));
}

// Every count and average here comes from the core (`trends.summaries`,
// the totals); this module only words and draws them.
function lineCard(name, label, max, points, s, minDays) {
  const summary = s.days_with_value === 0 ? t('trends.noData') : t('trends.lineSummary', {
    n: s.days_with_value, days: points.length, min: number(s.min), max: number(s.max),
    avg: number(s.mean), last: s.latest_avg7 === null ? '—' : number(s.latest_avg7) });
  // A series whose values may pass the axis (a long night's sleep) widens it.
  const top = Math.max(max, s.max ?? 0);
  return h('div', { id: `trend-${name}`, class: 'card chart-card' },
    h('h2', { text: label }),
    h('p', { id: `trend-${name}-summary`, class: 'help', text: summary }),
    lineChart({ id: `trend-${name}`, points, max: top, label, summary,
      tableSummary: t('trends.showTable'),
      columns: [t('trends.day'), label, t('trends.avg7')], dayLabel: formatDay, fullDay: formatDate,
      key: h('p', { class: 'chart-key help' }, h('span', { class: 'key-dot' }), t('trends.keyDay'),
        h('span', { class: 'key-line' }), t('trends.keyAvg', { n: minDays })) }));
}

/** A bar chart from chart-table.js, named for a screen reader as one image. */
function barCard(id, title, summary, parts) {
  const [chart, key, table] = parts;
  chart.removeAttribute('aria-hidden');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `${title}: ${summary}`);
  return h('div', { id, class: 'card chart-card' }, h('h2', { text: title }),
    h('p', { id: `${id}-summary`, class: 'help', text: summary }), chart, key, table);
}

/** A week's short label under its bar: "24 Nov", or "11/24" in Japanese
 * (the 14 bars' "11月24日" would not fit the card). */
function weekLabel(day) {
  return language() === 'ja' ? `${Number(day.slice(5, 7))}/${Number(day.slice(8))}` : formatDay(day);
}

function selfcareCard({ selfcare_weeks: weeks, selfcare_days: days, selfcare_checkin_days: checked }) {
  // Whole weeks: the first starts on the Monday on or before the page's
  // first day, so the summary says which Monday.
  const summary = t('trends.selfcareSummary', { weeks: weeks.length, days, checked,
    from: weeks.length ? formatDate(weeks[0].week) : '' });
  return barCard('trend-selfcare', t('trends.selfcare'), summary, chartWithTable({
    id: 'trend-selfcare',
    series: weeks.map((w) => ({ label: weekLabel(w.week), fullLabel: t('trends.weekOf', { date: formatDate(w.week) }),
      value: w.selfcare_days })),
    // The chart shows the last 14 weeks (a year's 53 would scroll); the table all.
    recent: Math.min(weeks.length, 14),
    summary: t('trends.showTable'),
    columns: { label: t('trends.week'), value: t('trends.selfcareDays') },
  }));
}

function monthName(month, long) {
  const [y, m] = month.split('-').map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(language() === 'ja' ? 'ja-JP' : 'en-GB',
    long ? { year: 'numeric', month: 'long' } : { month: 'short' });
}

function boundaryCard({ boundary_months: months, boundary_total: total }) {
  const summary = t(plural('trends.boundarySummary', total), { months: months.length, total });
  return barCard('trend-boundary', t('trends.boundary'), summary, chartWithTable({
    id: 'trend-boundary',
    series: months.map((m) => ({ label: monthName(m.month, false), fullLabel: monthName(m.month, true), value: m.total })),
    summary: t('trends.showTable'),
    columns: { label: t('trends.month'), value: t('trends.events') },
  }));
}

/** Short weekday names from Monday, in the interface language. */
function weekdayNames() {
  const locale = language() === 'ja' ? 'ja-JP' : 'en-GB';
  // 23 November 2026 is a Monday.
  return Array.from({ length: 7 }, (_, i) => new Date(2026, 10, 23 + i).toLocaleDateString(locale, { weekday: 'short' }));
}

/** `month` ('YYYY-MM-01') moved by `by` months. */
function addMonths(month, by) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(y, m - 1 + by, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

function calendarCard({ days, checked_days: n, mean }, month, thisMonth, focus, show) {
  const first = new Date(`${month}T00:00:00`);
  const lead = (first.getDay() + 6) % 7; // weeks start on Monday
  const summary = n === 0 ? t('trends.noData') : t('trends.calendarSummary', { n, avg: number(mean) });
  const grid = h('div', { id: 'trend-calendar-grid', class: 'calendar', role: 'img',
    'aria-label': `${t('trends.calendar')}${sep()}${monthName(month, true)}: ${summary}` },
  weekdayNames().map((w) => h('span', { class: 'cal-head', 'aria-hidden': 'true', text: w })),
  Array.from({ length: lead }, () => h('span', { class: 'cal-blank' })),
  days.map(([day, mood]) => {
    const cell = h('span', { class: mood === null ? 'cal-day empty-day' : 'cal-day mood-day',
      title: `${formatDate(day)}: ${mood ?? '—'}` },
    h('span', { class: 'cal-num', text: String(Number(day.slice(8))) }),
    h('span', { class: 'cal-mood', text: mood === null ? '' : String(mood) }));
    if (mood !== null) cell.dataset.mood = String(Math.min(10, Math.max(0, mood)));
    return cell;
  }));
  const table = h('details', { id: 'trend-calendar-details' }, h('summary', { text: t('trends.showTable') }),
    h('table', { id: 'trend-calendar-table' },
      h('thead', {}, h('tr', {}, h('th', { text: t('trends.day') }), h('th', { text: t('trends.mood') }))),
      h('tbody', {}, days.map(([day, mood]) => h('tr', {}, h('td', { text: formatDate(day) }),
        h('td', { text: mood === null ? GAP : String(mood) }))))));
  const last = month >= thisMonth;
  // The arrow pressed keeps the focus (the page is drawn again); at this
  // month, where "next" is off, the focus goes to "previous".
  const previous = h('button', { type: 'button', id: 'calendar-previous', text: t('trends.previousMonth'),
    autofocus: focus === 'calendar-previous' || (focus === 'calendar-next' && last),
    onclick: () => show(addMonths(month, -1), 'calendar-previous') });
  const next = h('button', { type: 'button', id: 'calendar-next', text: t('trends.nextMonth'),
    disabled: last, autofocus: focus === 'calendar-next' && !last,
    onclick: () => show(addMonths(month, 1), 'calendar-next') });
  return h('div', { id: 'trend-calendar', class: 'card chart-card' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'trend-calendar-title', text: `${t('trends.calendar')}${sep()}${monthName(month, true)}` }),
      h('div', { class: 'month-switch' }, previous, next)),
    h('p', { id: 'trend-calendar-summary', class: 'help', text: summary }), grid,
    h('p', { class: 'help', text: t('trends.calendarKey') }), table);
}

function helpsCard(helps, labels) {
  if (!helps || helps.length === 0) return null;
  return h('div', { id: 'trend-helps', class: 'card' }, h('h2', { text: t('trends.helps') }),
    h('p', { class: 'help', text: t('trends.helpsIntro') }),
    h('div', { class: 'table-scroll' }, h('table', { id: 'trend-helps-table' },
      h('thead', {}, h('tr', {}, [t('trends.activity'), t('trends.daysWith'), t('trends.nextStressWith'),
        t('trends.nextStressWithout'), t('trends.nextMoodWith'), t('trends.nextMoodWithout')].map((text) => h('th', { text })))),
      h('tbody', {}, helps.map((x) => h('tr', {}, [labels[x.activity] ?? x.activity, `${x.days_with} / ${x.days_with + x.days_without}`,
        number(x.next_stress_with), number(x.next_stress_without), number(x.next_mood_with), number(x.next_mood_without)]
        .map((text) => h('td', { text: text || GAP }))))))));
}
