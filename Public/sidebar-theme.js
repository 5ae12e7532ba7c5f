// WebChatKit sidebar: its themes. The `theme` attribute of <webchat-sidebar> is "light" (the
// default look), "dark", or "auto" (dark while the system prefers a dark colour scheme). Dark is
// mostly other defaults for the --webchat-* custom properties sidebar-markup.js's stylesheet reads,
// so a page that sets them on the element itself still wins; the accent stays the page's own.
// Every text colour keeps at least 4.5:1 on the backgrounds it is drawn on (the chips and the
// toast keep their own light or dark backgrounds, so they need nothing here).

/// The dark rules for the host matched by `host`.
const dark = (host) => `
${host} {
  --webchat-background: #0f172a; --webchat-surface: #1e293b; --webchat-text: #f1f5f9; --webchat-muted: #94a3b8;
  --webchat-border: #334155; --webchat-selected: #312e81; --webchat-bubble: #1e293b; --webchat-bubble-text: #f1f5f9;
  color-scheme: dark;
}
${host} .notify-status { color: #fca5a5; }`;

export const themeSheet = new CSSStyleSheet();
themeSheet.replaceSync(`${dark(":host([theme=dark])")}
@media (prefers-color-scheme: dark) {${dark(":host([theme=auto])")}
}`);
