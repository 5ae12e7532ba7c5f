// WebChatKit sidebar (contract §7): the agent's view of a website's chats, for host apps.
//
//   <script type="module" src="https://HOST/sidebar.js"></script>
//   <webchat-sidebar server="https://HOST" token="..." filters='{"metadata__project_id":123}'></webchat-sidebar>
//
// Attributes: `server` (origin of the WebChatKit server; default: where this file came from),
// `token` (an agent, bot or admin token), `filters` (a JSON object of §6 filters), `view` (the
// quick view: "all", "mine" or "unassigned").
// Properties: `server`, `token`, `filters` (an object; setting it switches the list live and
// updates the attribute), `view` (likewise), `search` (the search box's text, "" for none;
// setting it searches at once), `mode` ("websocket" | "polling" | "offline", read-only),
// `openChatId` (read-only); methods `open(chatId)` and `reload()`.
// DOM events (bubbling, composed): `webchat-unauthorized` (the token was refused or expired: set
// a new `token`; sent once per token), `webchat-connection` (detail: {mode}), `webchat-open`
// (detail: {chat}), `webchat-error` (detail: {message, code, status}), `webchat-unread` (detail:
// {total}, the listed chats' unread messages), `webchat-view` (detail: {view}, the agent's choice),
// `webchat-search` (detail: {search}, when the list's search changes).
// Theming, set on the element or any ancestor (defaults in brackets): --webchat-accent (#2563eb),
// --webchat-accent-text (#ffffff), --webchat-background (#ffffff), --webchat-surface (#f8fafc, the
// list), --webchat-text (#0f172a), --webchat-muted (#475569: small text, 4.5:1 on every background),
// --webchat-border (#e2e8f0),
// --webchat-selected (#e0e7ff, the open chat), --webchat-bubble and --webchat-bubble-text (others'
// messages), --webchat-font, --webchat-font-size (14px), --webchat-radius (10px),
// --webchat-list-width (320px); and ::part(list), ::part(conversation), ::part(composer).
// Attribute `theme`: "light" (default), "dark", or "auto" (follows prefers-color-scheme); dark
// gives the custom properties above dark defaults (sidebar-theme.js).
// Size: it fills its container (at least 420px tall); below 600px wide it shows one pane at a time.
// The reply box offers the website's canned responses on "/shortcut" (sidebar-canned.js).
//
// This file is the element: its attributes, its state and the events it reacts to. What does
// not need that state lives beside it, one purpose per module, imported from the same server:
// sidebar-markup.js (the shadow DOM's stylesheet and skeleton), sidebar-chats.js (a chat's list
// item, title, preview, order and merging), sidebar-messages.js (drawing one message, note or
// activity line), sidebar-controls.js (the open chat's assignee, status and priority),
// sidebar-availability.js (staff availability and the agent's own), sidebar-notify.js (the unread
// total, the title count, the toast, sound and desktop notifications), sidebar-search.js (the
// search box). Docs: docs/EMBEDDING.md.
//
// Everything a user or a chat wrote is rendered with textContent, never parsed as HTML.

import { RealtimeClient, filterQuery } from "./realtime-client.js";
import { LIMITS, drawable, element, fittedComposer, newClientID, regroup, tokenClaims, visitorName } from "./chat-common.js";
import { CannedPicker } from "./sidebar-canned.js";
import { chatItem, chatTitle, compareChats, lastSeq, mergeChat, previewOf, shortTime } from "./sidebar-chats.js";
import { styleSheet, template } from "./sidebar-markup.js";
import { themeSheet } from "./sidebar-theme.js";
import { messageItem, shownMessages } from "./sidebar-messages.js";
import { AvailabilitySwitch, StaffRoster } from "./sidebar-availability.js";
import { ChatControls } from "./sidebar-controls.js";
import { Notifier } from "./sidebar-notify.js";
import { SearchBox } from "./sidebar-search.js";

const MODULE_ORIGIN = new URL(import.meta.url).origin;
const CHAT_PAGE = 50;
const HISTORY_PAGE = 50;
const CATCH_UP_PAGE = 200;
const TYPING_RESEND = 3000;   // ms between our own "start" signals while the agent keeps typing
const TYPING_IDLE = 4000;     // ms without a keystroke before we say "stop"
const TYPING_EXPIRY = 10000;  // ms after which someone's "start" without a "stop" fades
const COMPOSER_MAX_HEIGHT = 160; // px; the reply box grows with its text up to this
const MODE_LABELS = { websocket: "Real-time", polling: "Polling", offline: "Offline" };

/// The quick views (contract §10) as contract §6 filters for the agent `me`.
const QUICK_VIEWS = {
  all: () => ({}),
  mine: (me) => ({ assignee_id: me.id }),
  unassigned: () => ({ assignee_id__isnull: true }),
};

export class WebChatSidebar extends HTMLElement {
  static observedAttributes = ["server", "token", "filters", "view"];

  #ui = null;
  #canned = null;         // the reply box's canned-response picker
  #roster = null;         // the website's staff connected now, with their states
  #controls = null;       // the open chat's assignee, status and priority
  #notifier = null;       // the unread total, the title count, the toast, sound and desktop alerts
  #announce = new Set();  // ids of new visitor chats to announce once they join the list
  #client = null;
  #token = null;
  #me = { id: "" };
  #filters = {};          // null while the filters attribute is not a JSON object
  #filtersKey = "{}";
  #view = "all";          // the quick view: "all", "mine" or "unassigned" (QUICK_VIEWS)
  #searchBox = null;      // the search box (sidebar-search.js); its query is the list's `q`
  #unauthorizedToken = null;

  #chats = new Map();     // chat id → { chat, element }
  #nextCursor = null;
  #listGeneration = 0;
  #listLoading = false;
  #listFailed = false;
  #queue = null;          // events that arrive while the list reloads, replayed after it
  #refreshTickets = new Map();

  #openId = null;
  #threadGeneration = 0;
  #messages = new Map();  // seq → element, for the open chat
  #pending = new Map();   // client_id → element of a message not acknowledged yet
  #oldestSeq = 0;
  #newestSeq = 0;
  #threadReady = false;
  #readSent = new Map();  // chat id → highest seq we marked read
  #drafts = new Map();    // chat id → unsent reply, kept while the agent looks at other chats
  #typists = new Map();   // chat id → Map(principal id → { name, timer })
  #myTyping = { chatId: null, lastStart: 0, idleTimer: null };
  #composerMode = "reply"; // "reply" (the visitor reads it) or "note" (only staff do)

  #onVisibility = () => {
    this.#notifier.pageVisibilityChanged();
    if (document.visibilityState === "visible") this.#markRead(true);
  };

  connectedCallback() {
    if (!this.#ui) this.#build();
    for (const name of ["server", "token", "filters", "view", "search"]) this.#upgradeProperty(name);
    document.addEventListener("visibilitychange", this.#onVisibility);
    this.#start();
  }

  disconnectedCallback() {
    document.removeEventListener("visibilitychange", this.#onVisibility);
    this.#notifier.reset();
    this.#stop();
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value) return;
    if (name === "token") this.token = value;
    else if (name === "filters") this.#applyFilters(parseFilters(value));
    else if (name === "view") this.#applyView(value);
    else if (name === "server" && this.#client) { this.#stop(); this.#start(); }
  }

  get server() { return (this.getAttribute("server") || MODULE_ORIGIN).replace(/\/+$/, ""); }
  set server(value) { this.setAttribute("server", value); }

  /// The token is kept in memory; setting the property does not copy it into the attribute.
  /// Setting the same token again is ignored, unless it was refused: then it is tried once more
  /// (a refusal of the previous token can arrive after the new one was set).
  get token() { return this.#token; }
  set token(value) {
    const token = value ? String(value) : null;
    if (token === this.#token && this.#unauthorizedToken !== token) return;
    this.#token = token;
    this.#canned?.reset();
    if (!token) {
      // Signed out: nothing of the last principal stays on screen.
      this.#stop();
      if (this.#ui) { this.#closeThread({ focusList: false }); this.#clearList(); }
      this.#showNotice("No token: set the token attribute to sign in.");
      return;
    }
    if (!this.#client) { this.#start(); return; }
    const previous = this.#me.id;
    this.#me = principalOf(token);
    this.#client.setToken(token);
    if (this.#view === "mine" && this.#me.id !== previous) this.#listChanged(); // "Mine" is someone else now
    else if (this.#listFailed || this.#listLoading) this.#reloadList();
  }

  get filters() { return this.#filters ? structuredClone(this.#filters) : null; }
  set filters(value) {
    const filters = typeof value === "string" ? parseFilters(value) : plainObject(value ?? {});
    this.#applyFilters(filters);
    if (filters) this.setAttribute("filters", JSON.stringify(filters));
  }

  /// The quick view: "all" (the default), "mine" or "unassigned". Setting it writes the attribute;
  /// an unknown value means "all".
  get view() { return this.#view; }
  set view(value) { this.setAttribute("view", QUICK_VIEWS[value] ? value : "all"); }

  /// The search the list shows ("" for none): what the box holds, trimmed. Setting it fills the
  /// box and searches at once.
  get search() { return this.#searchBox ? this.#searchBox.query : ""; }
  set search(value) { if (this.#searchBox) this.#searchBox.query = value; }

  get mode() { return this.#client ? this.#client.mode : "offline"; }
  get openChatId() { return this.#openId; }

  /// Opens a chat of the list (or any chat the token may see) as if the agent clicked it.
  open(chatId) { return this.#openChat(String(chatId)); }

  /// Loads the list again through REST, for example after the host changed something itself.
  reload() { return this.#reloadList(); }

  // MARK: Lifecycle

  /// A property set before this element was defined hides the accessor; re-set it through it.
  #upgradeProperty(name) {
    if (!Object.hasOwn(this, name)) return;
    const value = this[name];
    delete this[name];
    this[name] = value;
  }

  #start() {
    if (!this.isConnected || this.#client || !this.#ui) return;
    if (!this.#token) { this.#showNotice("No token: set the token attribute to sign in."); return; }
    this.#me = principalOf(this.#token);
    const client = new RealtimeClient({ server: this.server, token: this.#token, filters: this.#listFilters() || {} });
    this.#client = client;
    client.addEventListener("event", (e) => { if (this.#client === client) this.#onEvent(e.detail); });
    client.addEventListener("mode", (e) => { if (this.#client === client) this.#onMode(e.detail); });
    client.addEventListener("welcome", (e) => {
      if (this.#client !== client) return;
      if (e.detail?.id) this.#me = e.detail;
      // Presence is not replayed: after each (re)connection the roster is asked again.
      this.#roster.refresh().catch(() => {});
    });
    client.addEventListener("reset", () => { if (this.#client === client) this.#onReset(); });
    // The client stops on these without a change of mode when it was not connected yet.
    client.addEventListener("unauthorized", () => {
      if (this.#client !== client) return;
      this.#showMode("offline");
      this.#unauthorized();
    });
    client.addEventListener("forbidden", () => {
      if (this.#client !== client) return;
      this.#showMode("offline");
      this.#fail({ message: "This page's origin may not connect to the chat server.", code: "forbidden_origin" });
    });
    client.start();
    this.#ui.availability.parentElement.hidden = this.#me.role === "bot"; // bots have no availability
    this.#roster.refresh().catch(() => {});
    this.#reloadList();
  }

  #stop() {
    this.#stopMyTyping();
    this.#canned?.reset();
    this.#client?.stop();
    this.#client = null;
    for (const typists of this.#typists.values()) for (const typist of typists.values()) clearTimeout(typist.timer);
    this.#typists.clear();
    this.#roster?.clear();
    this.#listGeneration += 1;
    this.#threadGeneration += 1;
    if (this.#ui) this.#showMode(null);
  }

  #build() {
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styleSheet, themeSheet];
    root.append(template.content.cloneNode(true));
    const find = (selector) => root.querySelector(selector);
    this.#ui = {
      root, layout: find(".layout"), connection: find(".connection"), alert: find(".alert"),
      listScroll: find(".list-scroll"), list: find(".chat-list"), empty: find(".list-empty"), loadMore: find(".load-more"),
      placeholder: find(".placeholder"), thread: find(".thread"), back: find(".back"), title: find("#thread-title"),
      subtitle: find(".subtitle"), details: find(".details dl"), notice: find(".notice"), availability: find(".availability-select"),
      logScroll: find(".log-scroll"), earlier: find(".earlier"), log: find(".log"), typing: find(".typing"),
      composer: find(".composer"), input: find("#composer-input"), inputLabel: find("#composer-label"),
      noteLabel: find(".note-label"), sendButton: find(".composer button"),
    };
    const ui = this.#ui;
    ui.list.addEventListener("click", (e) => {
      const item = e.target.closest('[role="option"]');
      if (item) { this.#focusItem(item); this.#openChat(item.dataset.chatId); }
    });
    ui.list.addEventListener("keydown", (e) => this.#onListKey(e));
    ui.loadMore.addEventListener("click", () => this.#loadMoreChats());
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.#loadMoreChats();
    }, { root: ui.listScroll }).observe(ui.loadMore);
    ui.back.addEventListener("click", () => this.#closeThread({ focusList: true }));
    ui.earlier.addEventListener("click", () => this.#loadEarlier());
    ui.composer.addEventListener("submit", (e) => { e.preventDefault(); this.#sendDraft(); });
    ui.composer.addEventListener("change", (e) => { if (e.target.name === "composer-mode") this.#setComposerMode(e.target.value); });
    ui.views = [...root.querySelectorAll('input[name="view"]')];
    for (const radio of ui.views) radio.checked = radio.value === this.#view;
    root.querySelector(".views").addEventListener("change", (e) => {
      this.view = e.target.value;
      this.dispatchEvent(new CustomEvent("webchat-view", { bubbles: true, composed: true, detail: { view: this.#view } }));
    });
    this.#searchBox = new SearchBox(find(".search"), find(".search-input"), () => this.#searchChanged());
    const request = (method, path, body) => this.#request(method, path, body);
    const me = () => this.#me;
    const onError = (error) => this.#fail(error);
    this.#canned = new CannedPicker(ui.input, find("#canned-list"), () => request("GET", "/api/v1/canned-responses"));
    this.#roster = new StaffRoster(request);
    this.#controls = new ChatControls(find(".chat-controls"), this.#roster, { request, me, onError, onSaved: (chat) => this.#chatSaved(chat) });
    new AvailabilitySwitch(ui.availability, this.#roster, { request, me, onError });
    this.#notifier = new Notifier(this, {
      sound: find(".notify-sound"), desktop: find(".notify-desktop"), status: find(".notify-status"),
      toast: find(".toast"), toastText: find(".toast-text"), toastOpen: find(".toast-open"), toastClose: find(".toast-close"),
    }, (id) => this.#openChat(id));
    ui.input.addEventListener("keydown", (e) => {
      if (this.#canned.handleKey(e)) return;
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && !e.altKey) { e.preventDefault(); this.#sendDraft(); }
    });
    ui.fitInput = fittedComposer(ui.input, COMPOSER_MAX_HEIGHT);
    ui.input.addEventListener("input", () => this.#typed());
    ui.input.addEventListener("blur", () => this.#stopMyTyping());
  }

  // MARK: Connection

  #onMode(mode) {
    this.#showMode(mode);
    this.dispatchEvent(new CustomEvent("webchat-connection", { bubbles: true, composed: true, detail: { mode } }));
    if (mode !== "offline") this.#markRead(true);
  }

  #showMode(mode) {
    const badge = this.#ui.connection;
    badge.dataset.mode = mode || "offline";
    badge.textContent = mode ? MODE_LABELS[mode] || mode : "Offline";
  }

  #onReset() {
    this.#reloadList();
    if (this.#openId && this.#threadReady) this.#catchUp(this.#openId, this.#threadGeneration);
  }

  #unauthorized() {
    if (this.#unauthorizedToken === this.#token) return;
    this.#unauthorizedToken = this.#token;
    this.dispatchEvent(new CustomEvent("webchat-unauthorized", { bubbles: true, composed: true }));
  }

  /// Shows a failure and tells the host; a 401 also asks the host for a new token.
  #fail(error) {
    if (error?.status === 401 || error?.code === "unauthorized") this.#unauthorized();
    const message = error?.message || "Something went wrong.";
    this.#ui.alert.textContent = message;
    this.#ui.alert.hidden = false;
    this.dispatchEvent(new CustomEvent("webchat-error", { bubbles: true, composed: true,
      detail: { message, code: error?.code ?? null, status: error?.status ?? null } }));
  }

  #showNotice(text) {
    if (!this.#ui) return;
    this.#ui.alert.textContent = text;
    this.#ui.alert.hidden = !text;
  }

  // MARK: Filters

  #applyFilters(filters) {
    const key = filters ? JSON.stringify(filters) : null;
    if (key === this.#filtersKey) return;
    this.#filtersKey = key;
    this.#filters = filters;
    this.#listChanged();
  }

  /// A quick view is a filter like the host's: the realtime stream and the list query change
  /// together, so the view stays live over the WebSocket and polling alike.
  #applyView(value) {
    const view = QUICK_VIEWS[value] ? value : "all";
    if (view === this.#view) return;
    this.#view = view;
    if (!this.#ui) return;
    for (const radio of this.#ui.views) radio.checked = radio.value === view;
    this.#listChanged();
  }

  /// A new search reloads the list; the open chat stays open. The realtime stream keeps its
  /// filters (`q` is no filter of it): a chat an event concerns joins the list when the server,
  /// asked with the search, says it matches (#refreshChat).
  #searchChanged() {
    this.#reloadList();
    this.dispatchEvent(new CustomEvent("webchat-search", { bubbles: true, composed: true, detail: { search: this.search } }));
  }

  #listChanged() {
    if (!this.#ui) return;
    this.#closeThread({ focusList: false });
    const filters = this.#listFilters();
    if (filters) this.#client?.setFilters(filters);
    this.#reloadList();
  }

  /// What the list asks the server for: the host's filters with the quick view's condition
  /// (replacing a host condition on the same parameter); null while the host's are invalid.
  #listFilters() {
    return this.#filters && { ...this.#filters, ...QUICK_VIEWS[this.#view](this.#me) };
  }

  // MARK: Chat list

  /// The list's query parameters: its filters, and the search when there is one.
  #listQuery() {
    const query = filterQuery(this.#listFilters());
    if (this.search) query.set("q", this.search);
    return query;
  }

  async #reloadList() {
    if (!this.#client) return;
    const generation = ++this.#listGeneration;
    this.#clearList();
    if (!this.#filters) {
      this.#queue = null;
      this.#listFailed = true;
      this.#fail({ message: "The filters attribute must be a JSON object such as {\"metadata__project_id\": 123}.", code: "bad_filter" });
      this.#updateEmptyState();
      return;
    }
    this.#queue = [];
    this.#ui.empty.textContent = "Loading chats…";
    this.#ui.empty.hidden = false;
    this.#ui.list.setAttribute("aria-busy", "true");
    const loaded = await this.#loadChatPage(generation, null);
    if (generation !== this.#listGeneration) return;
    this.#ui.list.removeAttribute("aria-busy");
    const queued = this.#queue;
    this.#queue = null;
    this.#listFailed = !loaded;
    if (loaded) {
      this.#ui.alert.hidden = true;
      for (const event of queued) this.#applyEvent(event);
    }
    this.#updateEmptyState();
  }

  /// The button hides while a page loads, so that the scroll observer sees it appear again.
  async #loadMoreChats() {
    if (!this.#nextCursor || this.#listLoading || this.#queue) return;
    this.#ui.loadMore.hidden = true;
    const loaded = await this.#loadChatPage(this.#listGeneration, this.#nextCursor);
    if (!loaded) this.#ui.loadMore.hidden = !this.#nextCursor;
  }

  /// Loads one page into the list; false when it failed (the failure is shown).
  async #loadChatPage(generation, cursor) {
    const query = this.#listQuery();
    // A search's results are ordered like the list (latest activity first), not by relevance:
    // the list keeps that order as events move chats.
    query.set("order", "-last_activity_at");
    query.set("limit", String(CHAT_PAGE));
    if (cursor) query.set("cursor", cursor);
    this.#listLoading = true;
    try {
      const page = await this.#client.request("GET", "/api/v1/chats?" + query.toString());
      if (generation !== this.#listGeneration) return false;
      for (const chat of page.chats || []) this.#upsert(chat);
      this.#nextCursor = page.next_cursor || null;
      this.#ui.loadMore.hidden = !this.#nextCursor;
      return true;
    } catch (error) {
      if (generation === this.#listGeneration) this.#fail(error);
      return false;
    } finally {
      if (generation === this.#listGeneration) this.#listLoading = false;
      this.#updateEmptyState();
    }
  }

  #clearList() {
    this.#chats.clear();
    this.#announce.clear();
    this.#updateUnread();
    this.#refreshTickets.clear();
    this.#ui.list.replaceChildren();
    this.#nextCursor = null;
    this.#ui.loadMore.hidden = true;
  }

  #updateEmptyState() {
    const ui = this.#ui;
    if (this.#chats.size > 0 || this.#queue) { ui.empty.hidden = this.#chats.size > 0; return; }
    ui.empty.textContent = this.#listFailed || !this.#filters ? "The chats could not be loaded."
      : this.search ? "No chats match this search." : "No chats match this view yet.";
    ui.empty.hidden = false;
  }

  /// Asks the server whether a chat still belongs to this list (the filters are the server's
  /// to judge) and takes its answer, unread count included; the latest question wins.
  async #refreshChat(id) {
    if (!this.#client || !this.#filters) return;
    const ticket = (this.#refreshTickets.get(id) || 0) + 1;
    this.#refreshTickets.set(id, ticket);
    const generation = this.#listGeneration;
    const query = this.#listQuery();
    query.set("chat_id", id);
    query.set("limit", "1");
    try {
      const page = await this.#client.request("GET", "/api/v1/chats?" + query.toString());
      if (generation !== this.#listGeneration || this.#refreshTickets.get(id) !== ticket) return;
      const chat = page.chats?.find((candidate) => candidate.id === id);
      if (chat) this.#upsert(chat);
      else this.#removeChat(id);
    } catch (error) {
      if (error?.status === 401) this.#unauthorized();
    }
  }

  #upsert(chat) {
    if (!chat?.id) return;
    const entry = this.#chats.get(chat.id);
    const next = entry ? mergeChat(entry.chat, chat) : { ...chat, unread_count: chat.unread_count ?? 0 };
    if (chat.id === this.#openId && this.#threadVisible()) next.unread_count = 0;
    this.#render(next);
    if (chat.id === this.#openId) this.#showThreadHeader(next);
  }

  #render(chat) {
    let entry = this.#chats.get(chat.id);
    if (!entry) {
      entry = { chat, element: chatItem(chat.id) };
      this.#chats.set(chat.id, entry);
    }
    entry.chat = chat;
    this.#fillItem(entry);
    this.#place(entry);
    this.#updateTabStop();
    this.#updateEmptyState();
    this.#updateUnread();
    // Announced once; not when the agent already has it open (a host may open a chat it just made).
    if (this.#announce.delete(chat.id) && chat.id !== this.#openId) this.#notifier.newChat(chat.id, chatTitle(chat), previewOf(chat, this.#me.id));
  }

  /// The total of the listed chats' unread counts, for the webchat-unread event and the title.
  #updateUnread() {
    let total = 0;
    for (const { chat } of this.#chats.values()) total += Math.max(0, chat.unread_count || 0);
    this.#notifier.setUnread(total);
  }

  #fillItem({ chat, element }) {
    const title = chatTitle(chat);
    const typing = this.#typingNames(chat.id);
    const unread = Math.max(0, chat.unread_count || 0);
    const preview = typing.length ? "Typing…" : previewOf(chat, this.#me.id);
    element.querySelector(".chat-title").textContent = title;
    const time = element.querySelector(".chat-time");
    time.textContent = shortTime(chat.last_activity_at);
    time.dateTime = chat.last_activity_at || "";
    const previewElement = element.querySelector(".chat-preview");
    previewElement.textContent = preview;
    previewElement.classList.toggle("typing-now", typing.length > 0);
    const status = element.querySelector(".status");
    status.textContent = chat.status || "";
    status.dataset.status = chat.status || "";
    const badge = element.querySelector(".unread-badge");
    badge.textContent = unread > 99 ? "99+" : String(unread);
    badge.hidden = unread === 0;
    element.classList.toggle("unread", unread > 0);
    element.setAttribute("aria-selected", String(chat.id === this.#openId));
    element.setAttribute("aria-label", [title, unread ? `${unread} unread` : "", `status ${chat.status}`, preview]
      .filter(Boolean).join(", "));
  }

  /// Moves a chat's item to its place by activity, keeping keyboard focus on it.
  #place(entry) {
    const list = this.#ui.list;
    let before = null;
    for (const child of list.children) {
      if (child === entry.element) continue;
      const other = this.#chats.get(child.dataset.chatId);
      if (other && compareChats(entry.chat, other.chat) < 0) { before = child; break; }
    }
    if (entry.element.parentNode === list && entry.element.nextElementSibling === before) return;
    const focused = this.#ui.root.activeElement === entry.element;
    list.insertBefore(entry.element, before);
    if (focused) entry.element.focus({ preventScroll: true });
  }

  #removeChat(id) {
    const entry = this.#chats.get(id);
    if (!entry) return;
    const focused = this.#ui.root.activeElement === entry.element;
    const neighbour = entry.element.nextElementSibling || entry.element.previousElementSibling;
    entry.element.remove();
    this.#chats.delete(id);
    this.#updateUnread();
    this.#updateTabStop();
    if (focused && neighbour) this.#focusItem(neighbour);
    if (id === this.#openId) {
      this.#ui.notice.textContent = "This chat no longer matches this list; new messages will not show here.";
      this.#ui.notice.hidden = false;
    }
    this.#updateEmptyState();
  }

  /// One tab stop for the whole list (roving tabindex): the focused item, else the open one, else the first.
  #updateTabStop() {
    const list = this.#ui.list;
    if (list.querySelector('[tabindex="0"]')) return;
    const open = this.#openId && this.#chats.get(this.#openId)?.element;
    const item = open?.parentNode === list ? open : list.firstElementChild;
    if (item) item.tabIndex = 0;
  }

  #focusItem(item) {
    for (const other of this.#ui.list.querySelectorAll('[tabindex="0"]')) other.tabIndex = -1;
    item.tabIndex = 0;
    item.focus();
  }

  #onListKey(event) {
    const item = event.target.closest('[role="option"]');
    if (!item) return;
    const list = this.#ui.list;
    let target;
    switch (event.key) {
      case "ArrowDown":
        target = item.nextElementSibling;
        if (!target) this.#loadMoreChats();
        break;
      case "ArrowUp": target = item.previousElementSibling; break;
      case "Home": target = list.firstElementChild; break;
      case "End": target = list.lastElementChild; break;
      case "Enter":
      case " ":
        event.preventDefault();
        this.#openChat(item.dataset.chatId);
        return;
      default: return;
    }
    event.preventDefault();
    if (target) this.#focusItem(target);
  }

  // MARK: Events

  #onEvent(event) {
    // Staff presence is about no chat: neither the filters nor a list reload concern it.
    if (event.type === "presence") { this.#roster.presence(event.data); return; }
    if (!this.#filters) return;
    if (this.#queue) this.#queue.push(event);
    else this.#applyEvent(event);
  }

  #applyEvent(event) {
    switch (event.type) {
      case "chat.created":
        // A visitor's new chat is announced when the server says it belongs to this list.
        if (event.data?.visitor && !this.#chats.has(event.chat_id)) this.#announce.add(event.chat_id);
        // falls through
      case "chat.updated":
        // The event's chat has no unread count (merged, ours stays) and may be one that just
        // left the filters: the server says which.
        if (this.#chats.has(event.data?.id)) this.#upsert(event.data);
        this.#refreshChat(event.chat_id);
        break;
      case "message.created": this.#messageCreated(event.data); break;
      case "read": this.#readMoved(event.chat_id, event.data); break;
      case "typing": this.#typingChanged(event.chat_id, event.data); break;
    }
  }

  #messageCreated(message) {
    if (!message?.chat_id) return;
    const entry = this.#chats.get(message.chat_id);
    if (!entry) {
      this.#refreshChat(message.chat_id);
    } else if (message.seq > lastSeq(entry.chat)) {
      const chat = entry.chat;
      const later = (message.created_at || "") > (chat.last_activity_at || "");
      // A note moves the activity but is never the last message (API.md: the Chat in events is
      // one a visitor may see), so the preview stays what a reload would show.
      const next = { ...chat, message_count: Math.max(chat.message_count || 0, message.seq),
                     last_activity_at: later ? message.created_at : chat.last_activity_at };
      if (message.type !== "note") next.last_message = message;
      const theirs = message.sender?.id !== this.#me.id;
      if (theirs) next.unread_count = (chat.unread_count || 0) + 1;
      this.#upsert(next);
      // A system line is no news; anything else someone wrote is, unless the agent is reading it
      // or has just opened it and its thread is still loading.
      if (theirs && message.type !== "system" && !this.#lookingAt(message.chat_id)) {
        this.#notifier.newMessage(chat.id, chatTitle(chat), drawable(message.text, LIMITS.preview));
      }
    }
    this.#stopTypist(message.chat_id, message.sender?.id);
    if (message.chat_id === this.#openId) {
      if (this.#threadReady && message.seq > this.#newestSeq + 1) this.#catchUp(message.chat_id, this.#threadGeneration);
      this.#showMessage(message);
      this.#markRead(false);
    }
  }

  #readMoved(chatId, data) {
    if (!data || data.principal_id !== this.#me.id) return;
    const entry = this.#chats.get(chatId);
    if (!entry) return;
    if (data.seq >= lastSeq(entry.chat)) this.#render({ ...entry.chat, unread_count: 0 });
    else this.#refreshChat(chatId);
  }

  #typingChanged(chatId, data) {
    const principal = data?.principal;
    if (!chatId || !principal?.id || principal.id === this.#me.id) return;
    if (data.state !== "start") { this.#stopTypist(chatId, principal.id); return; }
    let typists = this.#typists.get(chatId);
    if (!typists) { typists = new Map(); this.#typists.set(chatId, typists); }
    clearTimeout(typists.get(principal.id)?.timer);
    const chat = this.#chats.get(chatId)?.chat;
    const name = drawable(principal.role === "visitor" ? visitorName(chat?.visitor?.id === principal.id ? chat.visitor : principal)
      : principal.name || principal.id, LIMITS.title);
    typists.set(principal.id, { name, timer: setTimeout(() => this.#stopTypist(chatId, principal.id), TYPING_EXPIRY) });
    this.#showTyping(chatId);
  }

  #stopTypist(chatId, principalId) {
    const typists = this.#typists.get(chatId);
    const typist = typists?.get(principalId);
    if (!typist) return;
    clearTimeout(typist.timer);
    typists.delete(principalId);
    if (typists.size === 0) this.#typists.delete(chatId);
    this.#showTyping(chatId);
  }

  #typingNames(chatId) {
    return [...(this.#typists.get(chatId)?.values() || [])].map((typist) => typist.name);
  }

  #showTyping(chatId) {
    const entry = this.#chats.get(chatId);
    if (entry) this.#fillItem(entry);
    if (chatId !== this.#openId) return;
    const names = this.#typingNames(chatId);
    this.#ui.typing.textContent = names.length === 0 ? "" :
      names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
  }

  // MARK: Conversation

  async #openChat(id) {
    if (!id || !this.#client) return;
    const ui = this.#ui;
    this.#notifier.chatOpened(id);
    if (id !== this.#openId) {
      this.#stopMyTyping();
      const generation = ++this.#threadGeneration;
      const previous = this.#chats.get(this.#openId);
      this.#keepDraft();
      this.#canned.close();
      this.#openId = id;
      this.#threadReady = false;
      this.#messages.clear();
      this.#pending.clear();
      this.#oldestSeq = 0;
      this.#newestSeq = 0;
      ui.log.replaceChildren();
      ui.earlier.hidden = true;
      ui.notice.hidden = true;
      ui.input.value = this.#drafts.get(id) || "";
      ui.placeholder.hidden = true;
      ui.thread.hidden = false;
      ui.layout.classList.add("has-open");
      ui.fitInput(); // after showing it: a hidden textarea has no height to measure
      if (previous) this.#fillItem(previous);
      const entry = this.#chats.get(id);
      if (entry) {
        this.#fillItem(entry);
        this.#showThreadHeader(entry.chat);
      } else {
        this.#showThreadHeader({ id, title: "", status: "open" });
      }
      this.#showTyping(id);
      ui.log.setAttribute("aria-busy", "true");
      try {
        const chat = entry?.chat || await this.#client.request("GET", `/api/v1/chats/${encodeURIComponent(id)}`);
        if (generation !== this.#threadGeneration) return;
        if (!entry) this.#showThreadHeader(chat);
        const page = await this.#client.request("GET", `/api/v1/chats/${encodeURIComponent(id)}/messages?limit=${HISTORY_PAGE}`);
        if (generation !== this.#threadGeneration) return;
        for (const message of page.messages || []) this.#showMessage(message);
        this.#threadReady = true;
        ui.earlier.hidden = !(this.#oldestSeq > 1);
        ui.logScroll.scrollTop = ui.logScroll.scrollHeight;
        this.#markRead(false);
        this.dispatchEvent(new CustomEvent("webchat-open", { bubbles: true, composed: true, detail: { chat: this.#chats.get(id)?.chat || chat } }));
      } catch (error) {
        if (generation === this.#threadGeneration) this.#fail(error);
      } finally {
        if (generation === this.#threadGeneration) ui.log.removeAttribute("aria-busy");
      }
    }
    // With one pane (narrow), the list is gone: the conversation takes the focus.
    if (getComputedStyle(ui.layout.querySelector(".list-pane")).display === "none") ui.input.focus();
  }

  #closeThread({ focusList }) {
    if (!this.#openId) return;
    const ui = this.#ui;
    this.#stopMyTyping();
    this.#keepDraft();
    this.#canned.close();
    const entry = this.#chats.get(this.#openId);
    this.#openId = null;
    this.#threadGeneration += 1;
    this.#threadReady = false;
    this.#messages.clear();
    this.#pending.clear();
    ui.log.replaceChildren();
    ui.typing.textContent = "";
    ui.thread.hidden = true;
    ui.placeholder.hidden = false;
    ui.layout.classList.remove("has-open");
    if (entry) this.#fillItem(entry);
    if (entry && focusList) this.#focusItem(entry.element);
  }

  #threadVisible() {
    return this.#threadReady && this.#lookingAt(this.#openId);
  }

  /// The agent has this chat open on a page they can see (its messages may still be loading).
  #lookingAt(chatId) {
    return Boolean(chatId) && chatId === this.#openId && this.isConnected && document.visibilityState === "visible";
  }

  #showThreadHeader(chat) {
    const ui = this.#ui;
    const title = chatTitle(chat);
    ui.title.textContent = title;
    const visitor = chat.visitor;
    // The visitor's name once: under the title unless it is the title.
    const who = visitor ? [visitorName(visitor), visitor.email] : [];
    ui.subtitle.textContent = who.filter((part, index) => part && part !== title && who.indexOf(part) === index).join(" · ");
    this.#controls.show(chat);
    const rows = [];
    if (visitor) rows.push(["Visitor", [visitorName(visitor), visitor.email, visitor.id].filter(Boolean).join(" · ")]);
    rows.push(["Assignee", chat.assignee_id || "Unassigned"]);
    if (chat.priority) rows.push(["Priority", String(chat.priority)]);
    for (const [key, value] of Object.entries(chat.metadata || {})) {
      rows.push([key, typeof value === "string" ? value : JSON.stringify(value)]);
    }
    const cells = [];
    for (const [term, description] of rows) {
      cells.push(element("dt", "", drawable(term, LIMITS.title)), element("dd", "", drawable(description, LIMITS.message)));
    }
    ui.details.replaceChildren(...cells);
  }

  /// Puts a message at its place by seq (once), replacing the pending copy of our own send.
  #showMessage(message) {
    if (!message || !(message.seq > 0) || this.#messages.has(message.seq)) return;
    const pending = message.client_id ? this.#pending.get(message.client_id) : null;
    const scroll = this.#ui.logScroll;
    const atBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 80;
    const item = this.#messageItem(message);
    item.dataset.seq = String(message.seq);
    let before = null;
    for (let child = this.#ui.log.lastElementChild; child; child = child.previousElementSibling) {
      if (child.dataset.seq && Number(child.dataset.seq) < message.seq) break;
      before = child;
    }
    this.#ui.log.insertBefore(item, before);
    if (pending) { pending.remove(); this.#pending.delete(message.client_id); }
    regroup(item, shownMessages);
    this.#messages.set(message.seq, item);
    this.#oldestSeq = this.#oldestSeq ? Math.min(this.#oldestSeq, message.seq) : message.seq;
    this.#newestSeq = Math.max(this.#newestSeq, message.seq);
    if (atBottom || pending) scroll.scrollTop = scroll.scrollHeight;
  }

  #messageItem(message, { pending = false } = {}) {
    const mine = message.sender?.id === this.#me.id;
    return messageItem(message, { mine, pending, senderName: this.#senderName(message.sender, mine) });
  }

  #senderName(sender, mine) {
    if (mine) return "You";
    if (sender?.role === "visitor") {
      // The chat's visitor has the latest name (a visitor may set one after writing).
      const visitor = this.#chats.get(this.#openId)?.chat.visitor;
      return drawable(visitorName(visitor?.id === sender.id ? visitor : sender), LIMITS.title);
    }
    return drawable(sender?.name || sender?.id || "Someone", LIMITS.title);
  }

  async #loadEarlier() {
    if (!this.#openId || !(this.#oldestSeq > 1)) return;
    const generation = this.#threadGeneration;
    const ui = this.#ui;
    ui.log.setAttribute("aria-busy", "true");
    try {
      const page = await this.#client.request("GET",
        `/api/v1/chats/${encodeURIComponent(this.#openId)}/messages?before_seq=${this.#oldestSeq}&limit=${HISTORY_PAGE}`);
      if (generation !== this.#threadGeneration) return;
      const scroll = ui.logScroll;
      const fromBottom = scroll.scrollHeight - scroll.scrollTop;
      for (const message of page.messages || []) this.#showMessage(message);
      scroll.scrollTop = scroll.scrollHeight - fromBottom;
      ui.earlier.hidden = !(this.#oldestSeq > 1);
    } catch (error) {
      if (generation === this.#threadGeneration) this.#fail(error);
    } finally {
      if (generation === this.#threadGeneration) ui.log.removeAttribute("aria-busy");
    }
  }

  /// Fetches the open chat's messages after the newest shown (after a gap or an expired cursor).
  async #catchUp(chatId, generation) {
    try {
      while (generation === this.#threadGeneration) {
        const after = this.#newestSeq;
        const page = await this.#client.request("GET",
          `/api/v1/chats/${encodeURIComponent(chatId)}/messages?after_seq=${after}&limit=${CATCH_UP_PAGE}`);
        if (generation !== this.#threadGeneration) return;
        for (const message of page.messages || []) this.#showMessage(message);
        if ((page.messages || []).length < CATCH_UP_PAGE) break;
      }
      this.#markRead(false);
    } catch (error) {
      if (generation === this.#threadGeneration) this.#fail(error);
    }
  }

  /// Marks the open chat read up to its newest message while someone can see it.
  #markRead(again) {
    if (!this.#client || !this.#threadVisible() || !this.#newestSeq) return;
    const id = this.#openId;
    if (!again && (this.#readSent.get(id) || 0) >= this.#newestSeq) return;
    this.#readSent.set(id, this.#newestSeq);
    this.#client.read(id, this.#newestSeq);
    const entry = this.#chats.get(id);
    if (entry && entry.chat.unread_count) this.#render({ ...entry.chat, unread_count: 0 });
  }

  /// The server's answer to a change of the open chat's controls (sidebar-controls.js); the
  /// list asks whether the chat still matches its filters (an assignment can move it out).
  #chatSaved(chat) {
    if (this.#chats.has(chat.id)) this.#upsert(chat);
    else if (chat.id === this.#openId) this.#showThreadHeader(chat);
    this.#refreshChat(chat.id);
  }

  /// REST with the sidebar's token for its parts (canned responses, controls, availability); a
  /// refused token asks the host for a new one.
  async #request(method, path, body) {
    if (!this.#client) throw new Error("Not connected.");
    try {
      return await this.#client.request(method, path, body);
    } catch (error) {
      if (error?.status === 401) this.#unauthorized();
      throw error;
    }
  }

  // MARK: Composer

  #keepDraft() {
    if (!this.#openId) return;
    if (this.#ui.input.value) this.#drafts.set(this.#openId, this.#ui.input.value);
    else this.#drafts.delete(this.#openId);
  }

  /// Reply or note. The note mode changes the whole composer (colour, label, button, the reply
  /// box's name), so an agent always sees who will read what they write. It stays chosen when
  /// another chat is opened: a note written where a reply was meant stays private, never the
  /// other way round.
  #setComposerMode(mode) {
    const ui = this.#ui;
    const note = mode === "note";
    this.#composerMode = note ? "note" : "reply";
    if (note) this.#stopMyTyping(); // a visitor never sees staff typing a note
    ui.composer.classList.toggle("note", note);
    ui.noteLabel.hidden = !note;
    ui.inputLabel.textContent = note ? "Note" : "Reply";
    ui.input.placeholder = note ? "Write a note for staff…" : "Write a reply…";
    ui.input.setAttribute("aria-describedby", note ? "note-label composer-hint" : "composer-hint");
    ui.sendButton.textContent = note ? "Add note" : "Send";
  }

  #sendDraft() {
    const input = this.#ui.input;
    const text = input.value.trim();
    if (!text || !this.#openId) return;
    input.value = "";
    this.#drafts.delete(this.#openId);
    this.#ui.fitInput();
    this.#stopMyTyping();
    this.#send(this.#openId, text, newClientID(), this.#composerMode === "note" ? "note" : "text");
  }

  /// A reply goes through the realtime client, which queues while offline and resends with the
  /// same client_id; a note goes over REST (the WebSocket `send` only sends text, API.md), with a
  /// client_id too. Either way a retry can never store the message twice.
  #send(chatId, text, clientID, type) {
    const pending = this.#messageItem({ text, sender: this.#me, type }, { pending: true });
    this.#pending.set(clientID, pending);
    this.#ui.log.append(pending);
    this.#ui.logScroll.scrollTop = this.#ui.logScroll.scrollHeight;
    const sent = type === "note"
      ? this.#client.request("POST", `/api/v1/chats/${encodeURIComponent(chatId)}/messages`, { text, type, client_id: clientID })
        .then((message) => ({ message }))
      : this.#client.send({ chat_id: chatId, text, client_id: clientID });
    sent.then(({ message }) => {
      // The same message may come first as an event; showing it twice is impossible (by seq).
      if (!this.#queue) this.#messageCreated(message);
      else if (message.chat_id === this.#openId) this.#showMessage(message);
    }, (error) => {
      if (!pending.isConnected) return;
      pending.classList.replace("pending", "failed");
      pending.querySelector("time").textContent = "Not sent";
      const retry = element("button", "", "Retry");
      retry.type = "button";
      retry.addEventListener("click", () => {
        pending.remove();
        this.#pending.delete(clientID);
        this.#send(chatId, text, clientID, type);
      });
      const failure = element("p", "failure", error?.message || "The message was refused.");
      failure.append(retry);
      pending.append(failure);
    });
  }

  /// Our own typing signal, throttled: a "start" at most every few seconds, a "stop" when idle.
  #typed() {
    const id = this.#openId;
    if (!id || !this.#client || this.#composerMode === "note") return;
    const typing = this.#myTyping;
    if (!this.#ui.input.value.trim()) { this.#stopMyTyping(); return; }
    const now = Date.now();
    if (typing.chatId !== id || now - typing.lastStart > TYPING_RESEND) {
      if (typing.chatId && typing.chatId !== id) this.#stopMyTyping();
      typing.chatId = id;
      typing.lastStart = now;
      this.#client.typing(id, "start");
    }
    clearTimeout(typing.idleTimer);
    typing.idleTimer = setTimeout(() => this.#stopMyTyping(), TYPING_IDLE);
  }

  #stopMyTyping() {
    const typing = this.#myTyping;
    clearTimeout(typing.idleTimer);
    if (typing.chatId && this.#client) this.#client.typing(typing.chatId, "stop");
    typing.chatId = null;
    typing.lastStart = 0;
  }
}

// MARK: Helpers

/// The filters attribute: absent or empty means none; anything but a JSON object is null.
function parseFilters(text) {
  if (text === null || text.trim() === "") return {};
  try { return plainObject(JSON.parse(text)); } catch { return null; }
}

function plainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value } : null;
}

/// Who the token says we are, so our own messages are told apart before (or without) a welcome.
function principalOf(token) {
  const claims = tokenClaims(token);
  return { id: String(claims.sub ?? ""), role: claims.role, name: claims.name };
}

if (!customElements.get("webchat-sidebar")) customElements.define("webchat-sidebar", WebChatSidebar);
