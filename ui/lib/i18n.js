// t(key, vars) looks up "section.key" in the current language's strings.
// Strings ship as ui/i18n/<lang>.json; adding a language is adding a file.
const tables = {};
let current = 'en';

export const LANGUAGES = ['en', 'ja'];

// One load per language, shared by everyone who asks while it is on its
// way; a failed one is forgotten, so a later ask tries again.
const loading = {};

/** Starts loading a language's strings (start-up asks for English early). */
export function preloadLanguage(lang) {
  // The app's own translation file, from its own origin (CSP default-src 'self').
  // eslint-disable-next-line no-restricted-globals
  loading[lang] ??= fetch(`i18n/${lang}.json`)
    .then((response) => response.json())
    .then((table) => { tables[lang] = table; })
    .catch((e) => { delete loading[lang]; throw e; });
  return loading[lang];
}

export async function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  await Promise.all([preloadLanguage('en'), preloadLanguage(current)]);
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

function lookup(table, key) {
  return key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), table);
}

export function t(key, vars = {}) {
  const text = lookup(tables[current], key) ?? lookup(tables.en, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/**
 * The key for a count: `${key}_one` when n is 1 and the language has that
 * form (English "1 idle minute"), else `key` itself. Both languages list the
 * same keys; Japanese, which has one form, repeats it.
 */
export function plural(key, n) {
  const one = `${key}_one`;
  return n === 1 && lookup(tables[current], one) !== undefined ? one : key;
}

const locale = () => (current === 'ja' ? 'ja-JP' : 'en-GB');

/** An ISO time, or a plain "2026-11-23" read as that day where the user is. */
function toDate(value) {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
}

/** What separates the parts of one line: " · " in English, "・" in
 * Japanese. */
export function sep() {
  return t('app.separator');
}

/** One date format per language: "23 Nov 2026", "2026年11月23日". */
export function formatDate(value) {
  if (!value) return '';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return current === 'ja'
    ? date.toLocaleDateString('ja-JP', { year: 'numeric', month: 'long', day: 'numeric' })
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * The day a date picker holds, written as the interface language writes
 * dates, under the picker: WebKitGTK shows pickers in the system's format
 * (11/23/2026) whatever the page's language. An empty picker says so, and
 * in which order its parts are typed, so its mm/dd/yyyy does not read as a
 * date chosen. Returns the line to place.
 */
export function dateEcho(input) {
  const echo = document.createElement('p');
  echo.className = 'help date-echo';
  echo.id = `${input.id}-shown`;
  const show = () => {
    echo.textContent = input.value ? formatDate(input.value) : t('date.empty', { order: pickerOrder() });
  };
  input.addEventListener('input', show);
  input.addEventListener('change', show);
  show();
  return echo;
}

/** The order the system's date picker shows its parts in, in words of the
 * interface language: "month / day / year", "月／日／年". */
function pickerOrder() {
  const parts = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(2026, 10, 23))
    .filter((p) => ['year', 'month', 'day'].includes(p.type))
    .map((p) => t(`date.${p.type}`));
  return parts.join(t('date.orderSeparator'));
}

/** A day without the year, for a chart's labels: "23 Nov", "11月23日". */
export function formatDay(value) {
  const date = toDate(value);
  return current === 'ja'
    ? date.toLocaleDateString('ja-JP', { month: 'long', day: 'numeric' })
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/** A date and time in the user's language and local time zone:
 * "23 Nov 2026, 14:02", "2026年11月23日 14:02". */
export function formatDateTime(iso) {
  return `${formatDate(iso)}${current === 'ja' ? ' ' : ', '}${formatTime(iso)}`;
}

/** A time of day (hours and minutes) in the user's language and time zone. */
export function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

// Japanese line breaks between phrases. WebKit has no `word-break:
// auto-phrase`, and its `keep-all` breaks only at spaces, so Japanese text
// (styled keep-all in base.css) gets a <wbr> at each phrase boundary: a word
// with the kana and the one-kanji counter or suffix after it ("終わりました。",
// "85分", "進め方"). The text itself, and so textContent, is unchanged.
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('ja', { granularity: 'word' }) : null;
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
const GLUES_BACK = /^(?:[\u3041-\u309f\u30fc\u3001\u3002\u300d\u300f\uff09\uff01\uff1f\uff1a\u30fb\u2026):!?,.]+|[\u3400-\u9fff])$/;
const SKIPPED = new Set(['TEXTAREA', 'SCRIPT', 'STYLE', 'OPTION', 'OPTGROUP', 'SELECT', 'TITLE', 'CODE']);
const made = new WeakSet();

/** "全員の番が終わりました。" → ["全員の", "番が", "終わりました。"]. */
export function phrases(text) {
  const out = [];
  for (const { segment } of segmenter.segment(text)) {
    const prev = out[out.length - 1];
    const glue = prev !== undefined && (
      GLUES_BACK.test(segment)
      || /[\u300c\u300e\uff08(]$/.test(prev) // an opening bracket keeps its word
      || /[第全約]$/.test(prev) // 第1段階, 全4段階
      || /[\u3400-\u9fff]$/.test(prev) && /^[\u3400-\u9fff]/.test(segment) // 平均参加人数
      || /[\u30a0-\u30ff]$/.test(prev) && /^[\u30a0-\u30ff]/.test(segment) // セルフケア, スーパービジョン
      || /[\u3400-\u9fff]$/.test(prev) && /^[\u30a0-\u30ff]/.test(segment) // 回復キー, 自動バックアップ
      || /[\d:.,/]$/.test(prev) // 85分, 16:29
      || /\uff1a$/.test(prev) // a label keeps its value: 例：7.5, 10：押しつぶされそう
      || !JAPANESE.test(prev.slice(-1)) && !JAPANESE.test(segment[0]) // Latin words break at their spaces
      || /\s$/.test(prev) || /^\s/.test(segment));
    if (glue) out[out.length - 1] = prev + segment;
    else out.push(segment);
  }
  return out;
}

function breakPhrases(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    if (made.has(node) || !JAPANESE.test(node.data) || SKIPPED.has(node.parentNode?.nodeName)) return;
    const parts = phrases(node.data);
    if (parts.length < 2) return;
    const pieces = parts.flatMap((part, i) => {
      const text = document.createTextNode(part);
      made.add(text);
      return i === 0 ? [text] : [document.createElement('wbr'), text];
    });
    node.replaceWith(...pieces);
  } else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED.has(node.nodeName) && !node.isContentEditable) {
    [...node.childNodes].forEach(breakPhrases);
  }
}

if (segmenter && typeof MutationObserver === 'function') {
  new MutationObserver((mutations) => {
    if (current !== 'ja') return;
    for (const m of mutations) {
      if (m.type === 'characterData') breakPhrases(m.target);
      else m.addedNodes.forEach((n) => { if (n.isConnected) breakPhrases(n); });
    }
  }).observe(document.documentElement, { childList: true, characterData: true, subtree: true });
}
