// WebChatKit widget: its languages. Every visible string and label of the widget is in one table
// per locale, Public/locales/CODE.js (an ES module whose default export has the keys of en.js),
// loaded on demand so that widget.js stays small. Values are plain text (they go into the page as
// text); functions take the numbers, dates, names and addresses a sentence needs, so that each
// language orders and inflects them its own way with the helpers of formats(code).

/// The locales the widget ships; a website's `widget.locale` is one of these (WidgetSettings.swift).
export const locales = ["en", "de", "fr", "es", "pt", "it", "nl", "ar", "zh", "ja"];

/// The first of `wanted` (tags such as "pt-BR", most preferred first) whose language the widget
/// ships, as its code; null when none is.
export function pick(wanted) {
  for (const tag of wanted) {
    const language = String(tag || "").toLowerCase().split(/[-_]/)[0];
    if (locales.includes(language)) return language;
  }
  return null;
}

/// The texts a website has until its owner writes their own (Sources/Chat/WidgetSettings.swift): a
/// website that kept one gets the widget's own words for it (title, greeting, awayDefault) in the
/// locale shown, instead of this English.
export const serverTexts = {
  title: "Chat with us",
  greeting: "Hi! How can we help you today?",
  away_message: "We're away right now. Leave a message and we'll get back to you.",
};

const loaded = new Map(); // code -> Promise of its table

/// The table of `code` (one of `locales`), loaded once; `dir` ("ltr" unless the table says
/// otherwise) and `time(date)` come with it for what widget.js draws.
export function load(code) {
  if (!loaded.has(code)) {
    const table = import(new URL(`locales/${code}.js`, import.meta.url).href)
      .then((module) => ({ dir: "ltr", time: formats(code).time, ...module.default }));
    table.catch(() => loaded.delete(code)); // a later change of locale tries again
    loaded.set(code, table);
  }
  return loaded.get(code);
}

/// The helpers a locale's sentences use, all by Intl so that plural forms, digits, lists of names,
/// dates and times follow the locale's own rules.
export function formats(code) {
  const rules = new Intl.PluralRules(code);
  const numbers = new Intl.NumberFormat(code);
  const names = new Intl.ListFormat(code, { type: "conjunction" });
  const days = new Intl.DateTimeFormat(code, { year: "numeric", month: "short", day: "numeric" });
  const times = new Intl.DateTimeFormat(code, { hour: "numeric", minute: "2-digit" });
  const valid = (date) => date instanceof Date && !isNaN(date);
  return {
    number: (n) => numbers.format(n),
    /// The form of `forms` ({one, two, few, many, other}; `other` when the category is missing)
    /// that `n` takes, with `#` replaced by `n` in the locale's digits.
    plural: (n, forms) => (forms[rules.select(n)] ?? forms.other).replace("#", numbers.format(n)),
    list: (items) => names.format(items),
    day: (date) => (valid(date) ? days.format(date) : ""),
    time: (date) => (valid(date) ? times.format(date) : ""),
  };
}
