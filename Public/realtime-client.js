// WebChatKit realtime client (contract §5): WebSocket first, polling every 5 s when the socket
// cannot connect or drops, and back to the socket with backoff and jitter. Both modes resume
// from the last cursor, so no event is missed; events seen twice are dropped by id. Sends made
// while offline wait in a queue and go out once, with the same client_id, when a way is back.
//
//   import { RealtimeClient } from "https://HOST/realtime-client.js";
//   const client = new RealtimeClient({ server: "https://HOST", token, filters: { status: "open" } });
//   client.addEventListener("event", (e) => console.log(e.detail));     // every Event, once, in order
//   client.addEventListener("mode", (e) => console.log(e.detail));      // "websocket" | "polling" | "offline"
//   client.start();
//   await client.send({ chat_id, text: "Hello" });                      // resolves with { message, chat? }
//
// Other events: "welcome" (detail: the principal), "reset" (the cursor expired: reload through
// REST; the stream goes on from now), "unauthorized" (the token was refused or expired: call
// setToken), "forbidden" (this page's origin may not connect), "error" (detail: {code, message}:
// the server refused the hello itself, e.g. bad filters; the client waits for setFilters).

import { newClientID } from "./chat-common.js";

const POLL_INTERVAL = 5000;
const RETRY_MIN = 1000;
const RETRY_MAX = 30000;
const SEEN_LIMIT = 2000;

export class RealtimeClient extends EventTarget {
  #server; #token; #filters; #cursor = null; #mode = "offline";
  #socket = null; #socketOpen = false; #stopped = true; #halted = false;
  #retryDelay = RETRY_MIN; #retryTimer = null; #pollTimer = null; #polling = false;
  #seen = new Set(); #seenOrder = [];
  #pending = new Map(); // client_id -> { command, resolve, reject, inFlight }
  #WebSocket; #fetch; #pollInterval;

  /// options: server (origin of the WebChatKit server), token, filters (object, §6), cursor
  /// (resume point), pollInterval (ms, default 5000); WebSocket and fetch may be supplied.
  constructor({ server, token, filters = {}, cursor = null, pollInterval = POLL_INTERVAL,
                WebSocket: socketClass = globalThis.WebSocket, fetch: fetchFunction = globalThis.fetch.bind(globalThis) } = {}) {
    super();
    this.#server = String(server || location.origin).replace(/\/+$/, "");
    this.#token = token;
    this.#filters = filters || {};
    this.#cursor = cursor;
    this.#pollInterval = pollInterval;
    this.#WebSocket = socketClass;
    this.#fetch = fetchFunction;
  }

  get mode() { return this.#mode; }
  get cursor() { return this.#cursor; }

  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pollTimer);
    if (this.#socket) this.#socket.close(1000);
    this.#socket = null;
    this.#socketOpen = false;
    this.#setMode("offline");
  }

  /// A new token, after "unauthorized" or before the old one expires: reconnects with it at
  /// once, resuming from the cursor. Whatever the old socket still says is ignored.
  setToken(token) {
    this.#token = token;
    this.#restart();
  }

  /// Replaces the filters; events from now on follow them (no replay of the past).
  setFilters(filters) {
    this.#filters = filters || {};
    if (this.#socketOpen) this.#socket.send(JSON.stringify({ type: "filters", filters: this.#filters }));
    else if (this.#halted) this.#restart();
  }

  #restart() {
    this.#halted = false;
    if (this.#stopped) return;
    const old = this.#socket;
    this.#socket = null;
    this.#socketOpen = false;
    for (const entry of this.#pending.values()) entry.inFlight = false;
    if (old) old.close(1000);
    this.#retryDelay = RETRY_MIN;
    this.#connect();
  }

  /// Sends a message: { text, chat_id } or, for a new chat, { text, title?, metadata? }.
  /// Resolves with { message, chat } once the server committed it.
  send({ text, chat_id, title, metadata, client_id } = {}) {
    const id = client_id || newClientID();
    const command = { type: "send", text, client_id: id };
    if (chat_id) command.chat_id = chat_id;
    if (title !== undefined) command.title = title;
    if (metadata !== undefined) command.metadata = metadata;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { command, resolve, reject, inFlight: false });
      this.#flushQueue();
    });
  }

  /// Typing indicators are best effort: dropped while offline.
  typing(chat_id, state) {
    if (this.#socketOpen) {
      this.#socket.send(JSON.stringify({ type: "typing", chat_id, state }));
    } else if (this.#mode === "polling") {
      this.#request("POST", `/api/v1/chats/${encodeURIComponent(chat_id)}/typing`, { state }).catch(() => {});
    }
  }

  /// Moves the read mark; read marks only move forward, so a lost one is covered by the next.
  read(chat_id, seq) {
    if (this.#socketOpen) {
      this.#socket.send(JSON.stringify({ type: "read", chat_id, seq }));
    } else if (this.#mode === "polling") {
      this.#request("POST", `/api/v1/chats/${encodeURIComponent(chat_id)}/read`, { seq }).catch(() => {});
    }
  }

  /// A REST call with this client's token (for history and lists), JSON in and out. Errors
  /// carry `status` and the contract's `code` (none when the answer was not JSON, e.g. a proxy's).
  async request(method, path, body) {
    const response = await this.#request(method, path, body);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) throw Object.assign(new Error(data?.error?.message || response.statusText || `HTTP ${response.status}`), { status: response.status, code: data?.error?.code });
    return data;
  }

  // MARK: WebSocket

  #connect() {
    if (this.#stopped || this.#halted) return;
    clearTimeout(this.#retryTimer);
    let socket;
    try {
      socket = new this.#WebSocket(this.#server.replace(/^http/, "ws") + "/api/v1/realtime");
    } catch {
      this.#socketLost();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      const hello = { type: "hello", token: this.#token, filters: this.#filters };
      if (this.#cursor) hello.cursor = this.#cursor;
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (message) => {
      if (socket !== this.#socket) return;
      let data;
      try { data = JSON.parse(message.data); } catch { return; }
      this.#received(data);
    };
    socket.onclose = (close) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#socketOpen = false;
      for (const entry of this.#pending.values()) entry.inFlight = false;
      if (close.code === 4401) {
        this.#halt("unauthorized", null);
      } else if (close.code === 4403) {
        this.#halt("forbidden", null);
      }
      this.#socketLost();
    };
  }

  #received(data) {
    if (data.id !== undefined) return this.#deliver(data);
    switch (data.type) {
      case "welcome":
        this.#socketOpen = true;
        this.#retryDelay = RETRY_MIN;
        if (!this.#cursor) this.#cursor = data.cursor;
        clearTimeout(this.#pollTimer);
        this.#setMode("websocket");
        this.#emit("welcome", data.principal);
        this.#flushQueue();
        break;
      case "ack": {
        const entry = this.#pending.get(data.client_id);
        if (!entry) break;
        this.#pending.delete(data.client_id);
        entry.resolve({ message: data.message, chat: data.chat });
        break;
      }
      case "error":
        if (data.code === "cursor_expired") {
          // Start again from now without the old cursor; the app reloads through REST.
          this.#cursor = null;
          this.#emit("reset", null);
          this.#socket?.send(JSON.stringify({ type: "hello", token: this.#token, filters: this.#filters }));
        } else if (data.ref && this.#pending.has(data.ref)) {
          const entry = this.#pending.get(data.ref);
          this.#pending.delete(data.ref);
          entry.reject(Object.assign(new Error(data.message), { code: data.code }));
        } else if (data.code === "unauthorized" || data.code === "forbidden_origin" || data.code === "rate_limited") {
          // The close that follows (4401, 4403; 4429: too many hellos, retried with backoff)
          // says what to do.
        } else if (!this.#socketOpen) {
          // The hello itself was refused (bad filters): retrying the same hello cannot help.
          const socket = this.#socket;
          this.#socket = null;
          socket?.close(1000);
          this.#halt("error", { code: data.code, message: data.message });
        } else {
          this.#emit("error", { code: data.code, message: data.message });
        }
        break;
    }
  }

  #deliver(event) {
    if (this.#seen.has(event.id)) return;
    this.#seen.add(event.id);
    this.#seenOrder.push(event.id);
    if (this.#seenOrder.length > SEEN_LIMIT) this.#seen.delete(this.#seenOrder.shift());
    this.#cursor = event.id;
    this.#emit("event", event);
  }

  /// The socket is gone or never came: poll meanwhile, and try the socket again later.
  #socketLost() {
    if (this.#stopped) return;
    if (this.#halted) {
      this.#setMode("offline");
      return;
    }
    if (this.#mode === "websocket" || this.#mode === "offline") this.#poll();
    const jitter = 0.5 + Math.random();
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryDelay * jitter);
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX);
  }

  // MARK: Polling

  async #poll() {
    clearTimeout(this.#pollTimer);
    if (this.#stopped || this.#socketOpen || this.#polling || this.#halted) return;
    this.#polling = true;
    let again = this.#pollInterval;
    try {
      const query = filterQuery(this.#filters);
      if (this.#cursor) query.set("cursor", this.#cursor);
      const response = await this.#request("GET", "/api/v1/events?" + query.toString());
      if (this.#socketOpen) return;
      if (response.status === 410) {
        this.#cursor = null;
        this.#emit("reset", null);
        again = 0;
      } else if (response.status === 401) {
        this.#halt("unauthorized", null);
        return;
      } else if (response.status === 429) {
        again = Math.max(again, 1000 * Number(response.headers.get("Retry-After") || 1));
      } else if (response.ok) {
        const page = await response.json();
        if (this.#socketOpen) return;
        this.#setMode("polling");
        for (const event of page.events) this.#deliver(event);
        this.#cursor = page.cursor;
        // The server stopped at its bounds before the newest event: go on at once.
        if (page.has_more) again = 0;
        this.#flushQueue();
      }
    } catch {
      this.#setMode("offline");
    } finally {
      this.#polling = false;
    }
    if (!this.#stopped && !this.#socketOpen) this.#pollTimer = setTimeout(() => this.#poll(), again);
  }

  // MARK: Sends

  /// Sends what waits, over the socket if it is open, else over REST while polling.
  #flushQueue() {
    for (const [id, entry] of this.#pending) {
      if (entry.inFlight) continue;
      if (this.#socketOpen) {
        entry.inFlight = true;
        this.#socket.send(JSON.stringify(entry.command));
      } else if (this.#mode === "polling") {
        entry.inFlight = true;
        this.#sendOverREST(id, entry);
      }
    }
  }

  async #sendOverREST(id, entry) {
    const { chat_id, type, ...body } = entry.command;
    const path = chat_id ? `/api/v1/chats/${encodeURIComponent(chat_id)}/messages` : "/api/v1/messages";
    const fields = chat_id ? { text: body.text, client_id: body.client_id } : body;
    try {
      const response = await this.#request("POST", path, fields);
      const data = await response.json();
      if (response.ok) {
        this.#pending.delete(id);
        entry.resolve(chat_id ? { message: data } : { message: data.message, chat: data.chat });
      } else if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) {
        this.#pending.delete(id);
        entry.reject(Object.assign(new Error(data?.error?.message || "refused"), { code: data?.error?.code }));
      } else {
        entry.inFlight = false;
      }
    } catch {
      entry.inFlight = false; // the network failed: the same client_id goes out again later
    }
  }

  // MARK: Helpers

  #request(method, path, body) {
    const headers = { Authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return this.#fetch(this.#server + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /// Stops trying until the app changes what was refused (setToken, setFilters); tells it why,
  /// and tells the mode even if it did not change, so a first refusal is not silent.
  #halt(type, detail) {
    this.#halted = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pollTimer);
    this.#emit(type, detail);
    this.#mode = "offline";
    this.#emit("mode", "offline");
  }

  #setMode(mode) {
    if (this.#mode === mode) return;
    this.#mode = mode;
    this.#emit("mode", mode);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/// Filters as query parameters: lists (for `__in`) joined with commas, everything else as text.
export function filterQuery(filters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters || {})) {
    query.append(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  return query;
}
