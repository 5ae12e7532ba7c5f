// WebChatKit chat widget (contract §7): a launcher button and a chat panel in a shadow root, for
// any site to paste:
//
//   <script src="https://HOST/widget.js" data-website="ws_..." async></script>
//
// Optional attributes, which win over the website's widget settings: data-token (a visitor token
// signed by the site's backend, for a logged-in user), data-title, data-color (#rgb or #rrggbb),
// data-position (right | left; mirrored in a right-to-left locale), data-metadata (JSON object for
// the chat the visitor starts), data-locale (en, de, fr, es, pt, it, nl, ar, zh, ja), data-theme
// (light | dark | auto).
//
// Its language: WebChat.setLocale(code) when called, else data-locale, else the browser's language
// when the widget ships it, else the website's widget.locale (docs/EMBEDDING.md). Every visible
// string is in a table per locale, Public/locales/CODE.js, loaded on demand (widget-strings.js).
//
// window.WebChat: open(), close(), toggle(), identify(token), setMetadata(object), setLocale(code),
// on(event, fn) → unsubscribe function; events "message" (a Message), "open", "close",
// "unread" (count), "connection" ("websocket" | "polling" | "offline"). Calls made before the
// script ran are not lost when queued as arrays:
//
//   window.WebChat = window.WebChat || [];
//   WebChat.push(["on", "unread", (count) => ...], ["setMetadata", { plan: "pro" }]);
//
// Realtime goes through realtime-client.js from the same server (one client for widget and
// sidebar). Message text is always put into the page as text, never parsed as HTML.
(() => {
  "use strict";

  const script = document.currentScript;
  const queued = window.WebChat;
  if (queued && typeof queued.open === "function") return; // already running on this page
  if (!script || !script.dataset.website) {
    console.warn("WebChat: load widget.js with a classic <script> tag that has a data-website attribute.");
    return;
  }

  const scriptURL = new URL(script.src, location.href);
  const server = scriptURL.origin;
  const options = script.dataset;
  const websiteID = options.website;
  const sessionKey = "webchat:" + websiteID;
  // The realtime client and the helpers it shares with the sidebar; both come from this server.
  const modules = Promise.all(["realtime-client.js", "chat-common.js"].map((name) => import(new URL(name, scriptURL).href)));
  // The languages, apart: the launcher waits for its strings, not for the realtime client.
  const languages = import(new URL("widget-strings.js", scriptURL).href);
  let common = null; // chat-common.js, once loaded: before any message can be drawn
  let t = null; // the strings of the locale shown (a table of Public/locales), once loaded
  let chosenLocale = options.locale || null; // data-locale, then the latest WebChat.setLocale
  let localeChanges = 0; // the latest choice of locale wins over slower loads of earlier ones
  const references = new WeakMap(); // node -> {attribute ("" for its text): [key of t, ...arguments]}
  // The visitor's side (away mode, ending and rating, earlier conversations): widget-visitor.js,
  // loaded when the visitor first opens the chat or connects, and attached to this widget.
  let visitor = null;
  let visitorLoad = null;
  modules.then(([, loaded]) => {
    common = loaded;
    fitComposer = common.fittedComposer(textarea, composerMaxHeight);
  }, (error) => console.warn("WebChat: cannot load its modules from " + server + ":", error.message));

  const defaults = { color: "#2563eb", position: "right", theme: "auto" };
  const colorPattern = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
  const typingResend = 4000; // ms between our "start"s while the visitor keeps typing
  const typingIdle = 3000; // ms without a keystroke before our "stop"
  const typingShown = 8000; // ms an agent's "start" is shown when no "stop" arrives
  const composerMaxHeight = 120; // px; the composer grows with its text up to this

  const storage = {
    get(key) {
      try {
        return JSON.parse(localStorage.getItem(key));
      } catch {
        return null; // storage disabled or unreadable: the visitor is new on every page
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // storage disabled or full: nothing is remembered
      }
    },
    remove(key) {
      try {
        localStorage.removeItem(key);
      } catch {
        // as above
      }
    },
  };

  // MARK: State

  let token = options.token || null;
  let identified = Boolean(token);
  let me = null; // the visitor's principal id (the token's sub)
  let chatID = null;
  let creating = null; // the send that creates the chat, while it is on its way
  let metadata = parseMetadata(options.metadata);
  let client = null;
  let starting = null;
  let refused = false; // the server refused an identified visitor's token
  let historyShown = false;
  let historyGeneration = 0;
  let isOpen = false;
  let blocked = false; // this page's origin may not use the website: nothing is drawn or started
  let lastSeq = 0; // the highest seq shown
  let readSeq = 0; // the highest seq marked read
  let lastSessionRenewal = 0;
  let typingSentAt = 0;
  let typingStopTimer = null;
  let fitComposer = () => {}; // sizes the composer to its text once chat-common.js is loaded
  const messages = new Map(); // message id -> { message, node }
  const messageOf = new WeakMap(); // node -> the message it shows, for grouping
  const pending = new Map(); // client_id -> node of a message on its way
  const unreadIDs = new Set();
  let unreadShown = 0;
  const typists = new Map(); // principal id -> { name, timer }
  const listeners = { message: [], open: [], close: [], unread: [], connection: [] };
  const fullScreen = matchMedia("(max-width: 480px)"); // where the panel covers the screen (styles())
  const darkScheme = matchMedia("(prefers-color-scheme: dark)"); // what theme "auto" follows
  let position = defaults.position; // the launcher's side in a left-to-right locale
  let connectionShown = null; // the mode drawStatus shows
  let settingsShown = false; // show() has drawn the settings
  let madeInert = []; // the page's elements this widget made inert while its panel is modal
  let settingsBody = {}; // GET /widget/settings: {widget, allowed_origins, available}
  let fresh = false; // the visitor asked for a new conversation: their latest chat is not shown

  // MARK: DOM

  const host = document.createElement("webchat-widget");
  const shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    // A constructed sheet is not subject to a host page's Content-Security-Policy style-src.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles());
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(h("style", {}, styles()));
  }

  const title = h("h2", { id: "wc-title" });
  const statusText = h("span");
  const status = h("p", { class: "status", "data-mode": "none" }, h("span", { class: "dot", "aria-hidden": "true" }), statusText);
  const closeButton = h("button", { type: "button", class: "close", "aria-label": ["closeChat"] }, icon("M6 6l12 12M18 6L6 18"));
  const tools = h("div", { class: "tools" }, closeButton);
  const earlierButton = h("button", { type: "button", class: "earlier", hidden: "" }, ["earlier"]);
  const greeting = h("p", { class: "greeting", dir: "auto", hidden: "" });
  const list = h("ol", { class: "messages" });
  const log = h("div", { class: "log", tabindex: "0", role: "region", "aria-label": ["messages"] }, earlierButton, greeting, list);
  const typing = h("p", { class: "typing", hidden: "" });
  const textarea = h("textarea", { id: "wc-text", dir: "auto", rows: "1", maxlength: "8000", placeholder: ["placeholder"] });
  const sendButton = h("button", { type: "submit", class: "send", "aria-label": ["send"] }, icon("M4 12l16-8-6 16-2-7-8-1z"));
  const form = h("form", { class: "composer" }, h("label", { for: "wc-text", class: "sr" }, ["messageLabel"]), textarea, sendButton);
  // tabindex -1: a click anywhere in the panel keeps the focus in it, so Escape closes from anywhere.
  const panel = h("div", { class: "panel", id: "wc-panel", role: "dialog", "aria-labelledby": "wc-title", tabindex: "-1", hidden: "" },
    h("header", {}, h("div", {}, title, status), tools), log, typing, form);
  const badge = h("span", { class: "badge", "aria-hidden": "true", hidden: "" });
  const launcher = h("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "wc-panel" },
    icon("M4 5h16v11H9l-5 4z", "chat"), icon("M6 9l6 6 6-6", "chevron"), badge);
  const live = h("div", { class: "sr", "aria-live": "polite" });
  const root = h("div", { class: "root" }, panel, launcher, live);
  shadow.append(root);
  drawUnread();

  launcher.addEventListener("click", () => (isOpen ? close() : open()));
  closeButton.addEventListener("click", () => close());
  earlierButton.addEventListener("click", loadEarlier);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen) {
      event.stopPropagation();
      close();
      launcher.focus();
    }
  });
  panel.addEventListener("keydown", keepFocusInside);
  fullScreen.addEventListener("change", drawModal);
  darkScheme.addEventListener("change", drawTheme);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  textarea.addEventListener("input", typed);
  textarea.addEventListener("blur", stopTyping);
  document.addEventListener("visibilitychange", seen);

  function mount() {
    document.body.append(host);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  changeLocale(); // data-locale or the browser's language need not wait for the settings

  // MARK: Settings

  fetch(server + "/api/v1/widget/settings?website_id=" + encodeURIComponent(websiteID))
    .then((response) => {
      if (response.status === 404) throw new Error("unknown website");
      return response.ok ? response.json() : {};
    })
    .then((body) => {
      settingsBody = body;
      if (originAllowed(body.allowed_origins || [])) show(body.widget || {});
    }, (error) => {
      if (error.message === "unknown website") console.warn(`WebChat: no website ${websiteID} on ${server}.`);
      else show({});
    });

  /// Whether this page may use the website. Decided before anything is drawn: a visitor of a page
  /// the server would refuse sees no launcher at all (instead of "Not sent" after typing), and
  /// the site's developer gets one console error that says what to change.
  function originAllowed(origins) {
    if (origins.length === 0 || origins.includes(location.origin)) return true;
    blocked = true;
    const command = ["webchat websites update", websiteID, ...[...origins, location.origin].map((origin) => "--origin " + origin)];
    console.error(`WebChat: this page's origin ${location.origin} is not among the allowed origins of website ${websiteID} `
      + `(${origins.join(", ")}), so the chat is not shown. Note that http://localhost and http://127.0.0.1 are different `
      + `origins. To allow this one: ${command.join(" ")}`);
    return false;
  }

  /// Draws the settings (attributes first); the launcher appears once the locale's strings are there.
  async function show(settings) {
    let strings;
    try {
      strings = await languages;
    } catch {
      return; // reported by changeLocale()
    }
    const color = [options.color, settings.color].find((value) => colorPattern.test(value || "")) || defaults.color;
    position = [options.position, settings.position].find((value) => value === "left" || value === "right") || defaults.position;
    drawSetting(title, options.title || settings.title, strings.serverTexts.title, "title");
    drawSetting(greeting, settings.greeting, strings.serverTexts.greeting, "greeting");
    greeting.hidden = !settings.greeting;
    root.style.setProperty("--accent", color);
    root.style.setProperty("--on-accent", readableOn(color));
    drawTheme();
    settingsShown = true;
    changeLocale();
  }

  /// A text of the settings as the site wrote it; in the locale shown (the string `key`) while it
  /// is missing or still the server's English default.
  function drawSetting(node, text, standard, key) {
    const localized = !text || text === standard;
    say(node, localized ? { "": [key] } : null);
    if (!localized) node.textContent = text;
  }

  /// Reveals the launcher, once the settings and the strings are drawn.
  function reveal() {
    host.setAttribute("data-ready", "");
    if (isOpen) textarea.focus();
    // A returning visitor (or one the site identified) connects now, for their unread count.
    if (token || storage.get(sessionKey)) start().catch(() => {});
  }

  // MARK: Locale and theme

  /// Draws the widget in the locale chosen now: WebChat.setLocale's or data-locale, else the
  /// browser's language when the widget ships it, else the website's widget.locale, else English.
  /// Resolves once it is drawn; a later change wins over a slower earlier one.
  async function changeLocale() {
    const change = ++localeChanges;
    try {
      const strings = await languages;
      if (chosenLocale && !strings.pick([chosenLocale])) {
        console.warn(`WebChat: no locale ${chosenLocale}; the widget ships ${strings.locales.join(", ")}.`);
      }
      const early = strings.pick([chosenLocale]) || strings.pick(navigator.languages || [navigator.language]);
      if (!early && !settingsShown) return; // the website's locale decides: only once the settings are here
      const code = early || strings.pick([settingsBody.widget?.locale]) || "en";
      const table = await strings.load(code);
      if (change !== localeChanges) return;
      t = table;
      root.setAttribute("lang", code);
      root.setAttribute("dir", t.dir);
      translate(shadow);
      drawPosition();
      drawUnread();
      drawStatus(connectionShown);
      drawTyping();
      if (settingsShown && !host.hasAttribute("data-ready")) reveal();
    } catch (error) {
      console.warn("WebChat: cannot load the strings of its locale from " + server + ":", error.message);
    }
  }

  /// Shows the widget in `code` from now on (a locale it ships: "de", or "pt-BR" for pt); null
  /// goes back to the automatic choice. Resolves once it is drawn.
  function setLocale(code) {
    chosenLocale = code == null ? options.locale || null : String(code);
    return changeLocale();
  }

  /// The launcher's side: the chosen one, mirrored in a right-to-left locale as the panel is.
  function drawPosition() {
    const mirrored = { left: "right", right: "left" }[position];
    host.setAttribute("data-position", t?.dir === "rtl" ? mirrored : position);
  }

  /// data-theme, else the website's widget.theme; "auto" follows the system's colour scheme, live.
  function drawTheme() {
    const theme = [options.theme, settingsBody.widget?.theme].find((value) => ["light", "dark", "auto"].includes(value)) || defaults.theme;
    root.setAttribute("data-theme", theme === "auto" ? (darkScheme.matches ? "dark" : "light") : theme);
  }

  // MARK: Session and connection

  /// The anonymous visitor's token: the saved one while it has more than an hour left, else a new session.
  async function anonymousToken() {
    const saved = storage.get(sessionKey);
    if (saved && typeof saved.token === "string" && Date.parse(saved.expires_at) - Date.now() > 3600e3) return saved.token;
    const response = await fetch(server + "/api/v1/widget/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ website_id: websiteID }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const code = body?.error?.code;
      if (code === "forbidden_origin") console.warn(`WebChat: ${location.origin} is not among the allowed_origins of ${websiteID}.`);
      throw Object.assign(new Error(body?.error?.message || "no session"), { code });
    }
    storage.set(sessionKey, { token: body.token, visitor_id: body.visitor_id, expires_at: body.expires_at });
    return body.token;
  }

  /// Starts the realtime client once (the anonymous session first when there is no token).
  function start() {
    if (!starting) {
      starting = (async () => {
        if (!token) {
          try {
            const anonymous = await anonymousToken();
            if (!token) token = anonymous;
          } catch (error) {
            if (!token) throw error; // else identify() came meanwhile and brought a token
          }
        }
        const [[{ RealtimeClient }]] = await Promise.all([modules, visitorSide()]);
        me = common.tokenClaims(token).sub || null;
        chatID = storage.get(chatKey());
        client = new RealtimeClient({ server, token });
        client.addEventListener("event", (event) => received(event.detail));
        client.addEventListener("mode", (event) => modeChanged(event.detail));
        client.addEventListener("reset", loadHistory);
        client.addEventListener("unauthorized", renewSession);
        client.addEventListener("forbidden", () => console.warn(`WebChat: ${location.origin} may not connect to ${websiteID}.`));
        client.start();
        return client;
      })();
      starting.catch(() => {
        starting = null; // a later open or send tries again
        drawStatus("unavailable");
      });
    }
    return starting;
  }

  /// Loads and attaches widget-visitor.js once; the widget works without it when it cannot load.
  function visitorSide() {
    visitorLoad ||= import(new URL("widget-visitor.js", scriptURL).href).then((module) => {
      visitor = module.attach({ h, icon, shadow, panel, tools, log, greeting, list, composer: form, textarea, live, server, websiteID,
        sessionKey, storage, common, drawMessage, start, newConversation, say, translate, settings: () => settingsBody, client: () => client,
        chatID: () => chatID, me: () => me, claims: () => common.tokenClaims(token) });
    }, (error) => console.warn("WebChat: cannot load widget-visitor.js:", error.message));
    return visitorLoad;
  }

  /// Another visitor now (identify, or a new anonymous session): their chat, in an empty view.
  function becomePrincipal() {
    me = common.tokenClaims(token).sub || null;
    chatID = storage.get(chatKey());
    historyShown = false;
    fresh = false;
    clearView();
  }

  /// The visitor starts a new conversation: an empty view whose first message creates the chat.
  function newConversation() {
    forgetChat();
    historyShown = true;
    fresh = true;
    clearView();
    visitor?.chatChanged(null);
    textarea.focus();
  }

  /// Empties the conversation view.
  function clearView() {
    creating = null;
    lastSeq = 0;
    readSeq = 0;
    historyGeneration += 1;
    messages.clear();
    pending.clear();
    list.replaceChildren();
    earlierButton.hidden = true;
    unreadIDs.clear();
    drawUnread();
    for (const typist of typists.values()) clearTimeout(typist.timer);
    typists.clear();
    drawTyping();
  }

  function chatKey() {
    return sessionKey + ":chat:" + me;
  }

  function modeChanged(mode) {
    drawStatus(refused && mode === "offline" ? "unavailable" : mode);
    emit("connection", mode);
    if (mode === "offline") return;
    // History is read once the stream has a cursor, so that nothing falls between the two.
    if (!historyShown) loadHistory();
    markRead();
  }

  /// The server refused the token: an anonymous visitor gets a new session (at most once a
  /// minute); an identified visitor's site must call identify() with a fresh token.
  async function renewSession() {
    if (identified) {
      refused = true;
      drawStatus("unavailable");
      console.warn("WebChat: the visitor token was refused or has expired; call WebChat.identify(newToken).");
      return;
    }
    if (Date.now() - lastSessionRenewal < 60e3) return;
    lastSessionRenewal = Date.now();
    storage.remove(sessionKey);
    try {
      const anonymous = await anonymousToken();
      if (identified) return;
      token = anonymous;
      becomePrincipal();
      client.setToken(token);
      loadHistory();
    } catch {
      drawStatus("unavailable");
    }
  }

  /// An identified visitor from now on. The same visitor with a fresh token keeps the view.
  function identify(newToken) {
    if (typeof newToken !== "string" || !newToken) return;
    const sameVisitor = client && identified && common.tokenClaims(newToken).sub === me;
    token = newToken;
    identified = true;
    refused = false;
    if (client) {
      if (!sameVisitor) becomePrincipal();
      client.setToken(token);
      if (!sameVisitor && client.cursor) loadHistory();
    } else if (!starting && !blocked) {
      start().catch(() => {});
    }
  }

  /// Metadata for the chat the visitor's first message creates (null: none).
  function setMetadata(object) {
    if (object === null || (typeof object === "object" && !Array.isArray(object))) metadata = object;
  }

  // MARK: History

  /// Shows the visitor's chat: the remembered one if it is still visible, else their latest.
  async function loadHistory() {
    const generation = ++historyGeneration;
    try {
      let chat = null;
      if (chatID) {
        chat = await client.request("GET", "/api/v1/chats/" + encodeURIComponent(chatID)).catch((error) => {
          if (error.status !== 404) throw error;
          if (generation === historyGeneration) forgetChat();
          return null;
        });
      }
      if (!chat && !fresh) chat = (await client.request("GET", "/api/v1/chats?limit=1")).chats[0] || null;
      if (generation !== historyGeneration) return;
      if (!chat) {
        visitor?.chatChanged(null);
        historyShown = true; // nothing to show until the first message
        return;
      }
      adopt(chat.id, chat);
      const page = await client.request("GET", `/api/v1/chats/${encodeURIComponent(chat.id)}/messages?limit=50`);
      if (generation !== historyGeneration) return;
      addHistory(page.messages);
      if (!isOpen || document.hidden) {
        // The chat's unread messages are the last ones from others up to what it counted.
        const lastSeq = chat.last_message ? chat.last_message.seq : 0;
        const fromOthers = page.messages.filter((message) => message.sender.id !== me && message.seq <= lastSeq);
        for (const message of fromOthers.slice(Math.max(0, fromOthers.length - chat.unread_count))) unreadIDs.add(message.id);
        drawUnread();
      }
      historyShown = true;
      scrollToEnd();
      markRead();
    } catch {
      // The next change of connection tries again.
    }
  }

  async function loadEarlier() {
    const first = firstSeq();
    if (!client || !chatID || first <= 1) return;
    const before = log.scrollHeight - log.scrollTop;
    try {
      const page = await client.request("GET", `/api/v1/chats/${encodeURIComponent(chatID)}/messages?before_seq=${first}&limit=50`);
      addHistory(page.messages);
      log.scrollTop = log.scrollHeight - before;
      if (earlierButton.hidden) log.focus();
    } catch {
      // The button stays; the visitor may try again.
    }
  }

  function addHistory(history) {
    for (const message of history) add(message, false);
    earlierButton.hidden = firstSeq() <= 1;
  }

  function firstSeq() {
    let first = Infinity;
    for (const { message } of messages.values()) first = Math.min(first, message.seq);
    return first;
  }

  function forgetChat() {
    chatID = null;
    storage.remove(chatKey());
  }

  /// The chat of the conversation view from now on; `chat` as just heard, when known.
  function adopt(id, chat) {
    if (chat) visitor?.chatChanged(chat);
    if (chatID === id) return;
    chatID = id;
    fresh = false;
    storage.set(chatKey(), id);
  }

  // MARK: Live events

  function received(event) {
    if (event.type === "message.created") {
      add(event.data, true);
    } else if (event.type === "chat.created" && !chatID && !creating && event.data.visitor?.id === me) {
      adopt(event.chat_id, event.data); // another tab of this visitor started the chat
    } else if (event.type === "typing") {
      typingChanged(event);
    } else if (event.chat_id === chatID && event.type.startsWith("chat.")) {
      visitor?.chatChanged(event.data); // chat.updated, chat.rated: ended, reopened, rated
    }
  }

  /// Shows a message once, in seq order; a live one from someone else is announced, and counted
  /// while the visitor cannot see it.
  function add(message, isLive) {
    const mine = message.sender.id === me;
    if (!chatID && !creating && mine) adopt(message.chat_id);
    if (message.chat_id !== chatID || messages.has(message.id)) return;
    const stick = mine || nearEnd();
    const waiting = message.client_id && mine ? pending.get(message.client_id) : null;
    const node = waiting || h("li");
    if (waiting) {
      pending.delete(message.client_id);
      node.replaceChildren();
    }
    drawMessage(node, message, mine);
    messages.set(message.id, { message, node });
    place(node, message.seq);
    messageOf.set(node, message);
    common.regroup(node, messageOf);
    lastSeq = Math.max(lastSeq, message.seq);
    if (isLive) {
      markRead();
      emit("message", message);
      if (!mine) {
        announce(message);
        stoppedTyping(message.sender.id);
        if (!isOpen || document.hidden) {
          unreadIDs.add(message.id);
          drawUnread();
        }
      }
    }
    if (stick) scrollToEnd();
  }

  function typingChanged(event) {
    const principal = event.data.principal;
    if (event.chat_id !== chatID || !principal || principal.id === me) return;
    stoppedTyping(principal.id);
    if (event.data.state === "start") {
      const timer = setTimeout(() => stoppedTyping(principal.id), typingShown);
      typists.set(principal.id, { name: principal.name ? common.drawable(principal.name, common.LIMITS.title) : null, timer });
      drawTyping();
    }
  }

  function stoppedTyping(principalID) {
    const typist = typists.get(principalID);
    if (!typist) return;
    clearTimeout(typist.timer);
    typists.delete(principalID);
    drawTyping();
  }

  /// The visitor can see the panel: nothing is unread any more.
  function seen() {
    if (!isOpen || document.hidden) return;
    unreadIDs.clear();
    drawUnread();
    markRead();
  }

  /// Moves the read mark to the last shown message while the visitor can see the panel.
  function markRead() {
    if (!isOpen || document.hidden || !client || client.mode === "offline" || !chatID || lastSeq <= readSeq) return;
    readSeq = lastSeq;
    client.read(chatID, lastSeq);
  }

  // MARK: Sending

  function submit() {
    const text = textarea.value.trim();
    if (!text) return;
    textarea.value = "";
    fitComposer();
    stopTyping();
    deliver(text, null, h("li"));
    scrollToEnd();
  }

  /// Sends through the realtime client, which queues while offline; the first message creates
  /// the chat, and later ones wait until it exists so that they land in it. A retry passes the
  /// client_id of the first try; a first try gets one once the modules are there.
  async function deliver(text, clientID, node) {
    drawPending(node, text, clientID, false);
    list.append(node);
    try {
      await start();
      clientID = clientID || common.newClientID();
      pending.set(clientID, node);
      while (!chatID && creating) await creating.catch(() => {});
      const command = { text, client_id: clientID };
      if (chatID) command.chat_id = chatID;
      else if (metadata) command.metadata = metadata;
      const sent = client.send(command);
      if (!chatID) creating = sent;
      try {
        const { message, chat } = await sent;
        if (!chatID && chat) adopt(chat.id, chat);
        add(message, true);
      } finally {
        if (creating === sent) creating = null;
      }
    } catch {
      if (!clientID || pending.get(clientID) === node) drawPending(node, text, clientID, true);
    }
  }

  function typed() {
    if (!client || !chatID) return;
    if (!textarea.value.trim()) return stopTyping();
    const now = Date.now();
    if (now - typingSentAt > typingResend) {
      typingSentAt = now;
      client.typing(chatID, "start");
    }
    clearTimeout(typingStopTimer);
    typingStopTimer = setTimeout(stopTyping, typingIdle);
  }

  function stopTyping() {
    clearTimeout(typingStopTimer);
    if (typingSentAt && client && chatID) client.typing(chatID, "stop");
    typingSentAt = 0;
  }

  // MARK: Open and close

  function open() {
    if (isOpen || blocked) return;
    isOpen = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("open");
    if (!client) {
      if (!starting) drawStatus("connecting");
      start().catch(() => {});
    }
    drawModal();
    visitorSide().then(() => visitor?.opened());
    (visitor?.focusTarget() || textarea).focus();
    scrollToEnd();
    seen();
    drawUnread();
    emit("open");
  }

  function close() {
    if (!isOpen) return;
    const hadFocus = panel.contains(shadow.activeElement);
    isOpen = false;
    stopTyping();
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("open");
    drawModal();
    if (hadFocus) launcher.focus();
    drawUnread();
    emit("close");
  }

  /// A full-screen panel is modal: the page behind it is inert (neither focus nor screen readers
  /// reach it) and Tab cycles inside the panel. A panel beside the page is not.
  function drawModal() {
    const modal = isOpen && fullScreen.matches;
    panel.setAttribute("aria-modal", String(modal));
    if (modal && madeInert.length === 0) {
      madeInert = [...document.body.children].filter((node) => node !== host && !node.inert);
      for (const node of madeInert) node.inert = true;
    } else if (!modal) {
      for (const node of madeInert) node.inert = false;
      madeInert = [];
    }
  }

  function keepFocusInside(event) {
    if (event.key !== "Tab" || panel.getAttribute("aria-modal") !== "true") return;
    const stops = [...panel.querySelectorAll("button, textarea, input, a[href], [tabindex='0']")].filter((node) => node.checkVisibility());
    const current = shadow.activeElement;
    if (event.shiftKey && (current === stops[0] || current === panel)) {
      event.preventDefault();
      stops.at(-1).focus();
    } else if (!event.shiftKey && current === stops.at(-1)) {
      event.preventDefault();
      stops[0].focus();
    }
  }

  // MARK: Drawing

  function drawMessage(node, message, mine) {
    node.className = message.type === "system" ? "msg system" : mine ? "msg me" : "msg them";
    node.setAttribute("data-id", message.id);
    const name = message.sender.name;
    if (!mine && message.type !== "system") {
      node.append(h("span", { class: "who" }, name ? common.drawable(name, common.LIMITS.title) : [message.sender.role === "bot" ? "bot" : "support"]));
    }
    const bubble = h("div", { class: "bubble", dir: "auto" });
    const system = message.type === "system" && systemString(message, mine);
    if (system) say(bubble, { "": system });
    else appendText(bubble, common.drawable(message.text, common.LIMITS.message));
    node.append(bubble, h("time", { datetime: message.created_at }, ["time", new Date(message.created_at)]));
  }

  /// A system message as a string of the locale (its text is the server's English), from its
  /// data; null for an action the widget does not know, whose text is shown as it is.
  function systemString(message, mine) {
    const data = message.data || {};
    if (data.action === "ended") return ["systemEnded", mine ? null : common.drawable(senderName(message.sender), common.LIMITS.title)];
    if (data.action === "status_changed" && ["open", "pending", "resolved", "closed"].includes(data.to)) return ["systemStatus", data.to];
    if (data.action === "assigned") return ["systemAssigned", Boolean(data.to)];
    if (data.action === "handoff") return ["systemHandoff", mine];
    return null;
  }

  function drawPending(node, text, clientID, failed) {
    node.className = failed ? "msg me failed" : "msg me pending";
    node.replaceChildren(h("div", { class: "bubble", dir: "auto" }, text));
    if (!failed) {
      node.append(h("span", { class: "state" }, ["sending"]));
      return;
    }
    const retry = h("button", { type: "button", class: "retry" }, ["retry"]);
    retry.addEventListener("click", () => {
      deliver(text, clientID, node);
      textarea.focus();
    });
    node.append(retry);
  }

  /// Puts a node at its seq among the shown messages; messages still on their way stay last.
  function place(node, seq) {
    node.setAttribute("data-seq", String(seq));
    let before = list.lastElementChild;
    while (before && (!before.hasAttribute("data-seq") || Number(before.getAttribute("data-seq")) > seq || before === node)) {
      before = before.previousElementSibling;
    }
    if (before) before.after(node);
    else list.prepend(node);
  }

  /// Text with http(s) addresses as links; every piece goes in as a text node.
  function appendText(parent, text) {
    let rest = 0;
    for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"]+/gi)) {
      const url = match[0].replace(/[.,;:!?)\]}'"]+$/, "");
      parent.append(text.slice(rest, match.index), h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, url));
      rest = match.index + url.length;
    }
    parent.append(text.slice(rest));
  }

  function announce(message) {
    const system = message.type === "system" && t && systemString(message, false);
    const said = system ? phrase(system) : `${senderName(message.sender)}: ${message.text}`;
    const line = h("p", {}, common.drawable(said, common.LIMITS.message));
    live.append(line);
    while (live.childElementCount > 3) live.firstElementChild.remove();
  }

  function drawTyping() {
    const names = [...typists.values()].map((typist) => typist.name);
    typing.hidden = names.length === 0;
    say(typing, names.length && t ? { "": ["typing", names.map((name) => name || t.support)] } : null);
    if (!names.length) typing.textContent = "";
  }

  function drawUnread() {
    const count = unreadIDs.size;
    badge.hidden = count === 0;
    badge.textContent = count > 99 ? "99+" : String(count);
    const action = isOpen ? "closeChat" : "openChat";
    say(launcher, { "aria-label": count ? ["withUnread", action, count] : [action] });
    if (count !== unreadShown) {
      unreadShown = count;
      emit("unread", count);
    }
  }

  function drawStatus(mode) {
    const words = { websocket: "connected", polling: "polling", offline: "offline", connecting: "connecting", unavailable: "unavailable" };
    connectionShown = mode;
    status.setAttribute("data-mode", mode || "none");
    say(statusText, words[mode] ? { "": [words[mode]] } : null);
    if (!words[mode]) statusText.textContent = "";
  }

  function nearEnd() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function senderName(sender) {
    return sender.name || t?.[sender.role === "bot" ? "bot" : "support"] || "";
  }

  // MARK: Public API

  function emit(type, detail) {
    for (const listener of listeners[type].slice()) {
      try {
        listener(detail);
      } catch (error) {
        console.error(error);
      }
    }
  }

  const api = {
    open,
    close: () => close(),
    toggle: () => (isOpen ? close() : open()),
    identify,
    setMetadata,
    setLocale,
    /// Calls fn for every later event of this type; returns a function that stops it.
    on(type, fn) {
      const registered = listeners[type];
      if (!registered || typeof fn !== "function") return () => {};
      registered.push(fn);
      return () => {
        const index = registered.indexOf(fn);
        if (index >= 0) registered.splice(index, 1);
      };
    },
    /// Runs queued calls such as ["open"] or ["on", "message", fn], so a queue-style snippet keeps working.
    push(...calls) {
      for (const call of calls) {
        if (!Array.isArray(call)) continue;
        const [name, ...args] = call;
        if (name !== "push" && typeof api[name] === "function") api[name](...args);
      }
    },
  };
  window.WebChat = api;
  if (Array.isArray(queued)) api.push(...queued);

  // MARK: Helpers

  /// An element; an attribute given as an array, or an array as the first child, is a string of
  /// the locale ([key of t, ...arguments]) drawn by say().
  function h(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    const strings = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (Array.isArray(value)) strings[name] = value;
      else node.setAttribute(name, value);
    }
    if (Array.isArray(children[0])) strings[""] = children.shift();
    node.append(...children);
    return Object.keys(strings).length ? say(node, strings) : node;
  }

  /// Draws `strings` ({attribute, or "" for the text: [key of t, ...arguments]}) into node, now
  /// and after every change of locale (translate()); null: node shows none any more.
  function say(node, strings) {
    if (!strings) {
      references.delete(node);
      node.removeAttribute("data-t");
    } else {
      references.set(node, strings);
      node.setAttribute("data-t", "");
      if (t) fill(node);
    }
    return node;
  }

  /// The text of a string of the locale, [key of t, ...arguments].
  function phrase([key, ...args]) {
    return typeof t[key] === "function" ? t[key](...args) : t[key];
  }

  function fill(node) {
    for (const [name, string] of Object.entries(references.get(node) || {})) {
      if (name) node.setAttribute(name, phrase(string));
      else node.textContent = phrase(string);
    }
  }

  /// Draws the strings of every node in `scope` in the locale shown.
  function translate(scope) {
    if (t) for (const node of scope.querySelectorAll("[data-t]")) fill(node);
  }

  function icon(path, name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    if (name) svg.setAttribute("class", name);
    const shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  }

  function parseMetadata(text) {
    if (!text) return null;
    try {
      const value = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
    } catch {
      // reported below
    }
    console.warn("WebChat: data-metadata must be a JSON object; it is ignored.");
    return null;
  }

  /// White or black, whichever contrasts more with the colour (WCAG 2: relative luminance, ratio
  /// (L1 + 0.05) / (L2 + 0.05)); the better of the two is at least 4.58:1 for any colour, so text on
  /// the website's accent stays readable in both themes.
  function readableOn(color) {
    const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, "$&$&") : color;
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
  }

  function styles() {
    return `
:host{all:initial!important;direction:ltr!important;display:block!important;position:fixed!important;z-index:2147483000!important;bottom:20px!important;right:20px!important;left:auto!important;top:auto!important}
:host([data-position=left]){left:20px!important;right:auto!important}
:host(:not([data-ready])){display:none!important}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{--accent:#2563eb;--on-accent:#fff;--bg:#fff;--fg:#111827;--soft:#f9fafb;--line:#e5e7eb;--edge:#d1d5db;--field:#6b7280;--muted:#4b5563;--alert:#dc2626;--error:#b91c1c;--star:#b45309;color-scheme:light;display:flex;flex-direction:column;align-items:flex-end;gap:12px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);text-align:start;-webkit-font-smoothing:antialiased}
.root[data-theme=dark]{--bg:#1f2937;--fg:#f3f4f6;--soft:#111827;--line:#374151;--edge:#4b5563;--field:#9ca3af;--muted:#9ca3af;--alert:#f87171;--error:#fca5a5;--star:#fbbf24;color-scheme:dark}
:host([data-position=left]) .root:not([dir=rtl]),:host([data-position=right]) .root[dir=rtl]{align-items:flex-start}
[dir=rtl] .launcher .chat{transform:scaleX(-1)}
button,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:relative;width:56px;height:56px;border:0;border-radius:50%;background:var(--accent);color:var(--on-accent);box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0;transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round;stroke-linecap:round;grid-area:1/1}
.launcher .chevron,.open .launcher .chat{display:none}
.open .launcher .chevron{display:block}
.badge{position:absolute;top:-4px;inset-inline-end:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;font-weight:600;line-height:20px;text-align:center}
.panel:focus{outline:0}
.panel{width:370px;height:min(600px,calc(100vh - 108px));background:var(--bg);border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden}
header{background:var(--accent);color:var(--on-accent);padding:14px 12px 12px;padding-inline-start:18px;display:flex;align-items:flex-start;justify-content:space-between;gap:8px}
h2{margin:0;font-size:17px;font-weight:600;line-height:1.3}
.status{margin:2px 0 0;font-size:12px;display:flex;align-items:center;gap:6px}
.status[data-mode=none] .dot{display:none}
.dot{width:8px;height:8px;border-radius:50%;background:#9ca3af}
[data-mode=websocket] .dot{background:#22c55e}
[data-mode=polling] .dot{background:#f59e0b}
.tools{display:flex;gap:2px}
.tools button{border:0;background:transparent;color:inherit;width:32px;height:32px;border-radius:8px;display:grid;place-items:center;padding:0}
.tools button:hover{background:rgba(127,127,127,.25)}
.tools svg,.send svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.log{flex:1;overflow-y:auto;padding:14px;background:var(--soft);display:flex;flex-direction:column;gap:8px}
.earlier{align-self:center;border:1px solid var(--edge);background:var(--bg);border-radius:999px;padding:4px 12px;font-size:12px}
.messages{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:85%}
.msg.me{align-self:flex-end;align-items:flex-end}
.msg.system{align-self:center;align-items:center;color:var(--muted);font-style:italic;font-size:13px}
.who{font-size:12px;color:var(--muted);margin:0 0 2px;margin-inline-start:4px}
.msg.continues{margin-top:-5px}
.continues .who,.more time{display:none}
.bubble,.greeting{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;overflow:hidden;background:var(--bg);border:1px solid var(--line)}
.greeting{margin:0;align-self:flex-start;max-width:85%}
.me .bubble{background:var(--accent);color:var(--on-accent);border-color:transparent}
.system .bubble{background:none;border:0;padding:0}
.bubble a{color:inherit;text-decoration:underline}
time,.state{font-size:11px;color:var(--muted);margin:2px 4px 0}
.pending .bubble{opacity:.7}
.failed .bubble{opacity:.7;border:1px dashed var(--alert)}
.retry{border:0;background:none;color:var(--error);font-size:12px;padding:2px 4px;text-decoration:underline}
.typing{margin:0;padding:4px 16px;font-size:12px;color:var(--muted);background:var(--soft);font-style:italic}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px;border-top:1px solid var(--line);background:var(--bg)}
textarea{flex:1;resize:none;border:1px solid var(--field);border-radius:10px;padding:8px 10px;max-height:120px;overflow-y:hidden;background:var(--bg);line-height:1.4}
textarea:focus-visible{outline-offset:-1px}
.send{width:38px;height:38px;flex:none;border:0;border-radius:10px;background:var(--accent);color:var(--on-accent);display:grid;place-items:center;padding:0}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){.launcher{transition:none}}
`;
  }
})();
