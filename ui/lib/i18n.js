// t(key, vars) looks up "section.key" in the current language's strings.
// Strings ship as ui/i18n/<lang>.json; adding a language is adding a file.
const tables = {};
let current = 'en';

export const LANGUAGES = ['en', 'ja'];

async function load(lang) {
  if (!tables[lang]) {
    const response = await fetch(`i18n/${lang}.json`);
    tables[lang] = await response.json();
  }
  return tables[lang];
}

export async function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  await Promise.all([load('en'), load(current)]);
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

/** A date and time in the user's language and local time zone. */
export function formatDateTime(iso) {
  const locale = current === 'ja' ? 'ja-JP' : 'en-GB';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A time of day (hours and minutes) in the user's language and time zone. */
export function formatTime(iso) {
  const locale = current === 'ja' ? 'ja-JP' : 'en-GB';
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
