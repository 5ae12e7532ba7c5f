// WebChatKit sidebar: its shadow DOM, the stylesheet and the static markup that sidebar.js
// clones into every <webchat-sidebar>. Kept apart so the element's behaviour reads without 250
// lines of CSS in the way; no user data ever goes into this markup (it is parsed once, here).
//
// The stylesheet is a constructed one (adoptedStyleSheets), so a host page's strict CSP
// `style-src` does not block it, and the host's CSS neither leaks in nor out of the shadow root.

const CSS = `
:host { display: flex; flex-direction: column; inline-size: 100%; block-size: 100%; min-block-size: 420px; }
:host([hidden]) { display: none; }
.root {
  all: initial; flex: 1 1 auto; block-size: 100%; min-block-size: 0; display: flex; box-sizing: border-box; overflow: hidden;
  container: webchat / inline-size;
  font-family: var(--webchat-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--webchat-font-size, 14px); line-height: 1.45;
  color: var(--webchat-text, #0f172a); background: var(--webchat-background, #ffffff);
  border: 1px solid var(--webchat-border, #e2e8f0); border-radius: var(--webchat-radius, 10px);
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 2px solid var(--webchat-accent, #2563eb); outline-offset: -2px; }
.visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; margin: -1px; padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
h2 { margin: 0; font-size: 1em; font-weight: 650; }
.layout { position: relative; flex: 1 1 auto; display: flex; min-inline-size: 0; }

.list-pane { flex: 0 0 var(--webchat-list-width, 320px); display: flex; flex-direction: column; min-block-size: 0;
  background: var(--webchat-surface, #f8fafc); border-inline-end: 1px solid var(--webchat-border, #e2e8f0); }
.list-header, .thread-header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; min-block-size: 52px;
  border-block-end: 1px solid var(--webchat-border, #e2e8f0); }
.list-header h2 { flex: 1; font-size: 1.05em; }
/* Notification settings: "Alerts" in the header opens two opt-in checkboxes. */
.notify-settings { position: relative; }
.notify-settings summary { list-style: none; padding: 2px 8px; border-radius: 6px; border: 1px solid var(--webchat-border, #e2e8f0); cursor: pointer;
  font-size: 0.85em; color: var(--webchat-muted, #475569); }
.notify-settings summary::-webkit-details-marker { display: none; }
.notify-settings[open] summary { background: var(--webchat-selected, #e0e7ff); color: var(--webchat-text, #0f172a); }
.notify-panel { position: absolute; inset-inline-end: 0; inset-block-start: calc(100% + 6px); z-index: 2; display: grid; gap: 6px; inline-size: max-content;
  max-inline-size: 260px; padding: 10px 12px; border-radius: 8px; border: 1px solid var(--webchat-border, #e2e8f0);
  background: var(--webchat-background, #ffffff); box-shadow: 0 6px 20px rgba(15, 23, 42, 0.16); font-size: 0.9em; }
.notify-panel label { display: flex; gap: 8px; align-items: center; }
.notify-status { margin: 0; color: #991b1b; font-size: 0.9em; }
.notify-status:empty { display: none; }
/* A new chat's toast, over the bottom of the list (or of the one pane shown on a phone). */
.toast { position: absolute; inset-inline-start: 10px; inset-block-end: 10px; z-index: 3; display: flex; gap: 8px; align-items: center;
  max-inline-size: min(340px, calc(100% - 20px)); padding: 8px 10px 8px 14px; border-radius: 8px;
  background: #0f172a; color: #ffffff; box-shadow: 0 8px 24px rgba(15, 23, 42, 0.3); }
.toast-text { flex: 1; min-inline-size: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 600; }
.toast button { border: 0; border-radius: 6px; padding: 4px 10px; background: rgba(255, 255, 255, 0.16); color: #ffffff; font-weight: 600; }
.connection { font-size: 0.78em; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #e2e8f0; color: #334155; white-space: nowrap; }
.connection::before { content: ""; display: inline-block; inline-size: 7px; block-size: 7px; border-radius: 50%; margin-inline-end: 5px; background: currentColor; vertical-align: 1px; }
.connection[data-mode="websocket"] { background: #dcfce7; color: #166534; }
.connection[data-mode="polling"] { background: #fef3c7; color: #92400e; }
.connection[data-mode="offline"] { background: #fee2e2; color: #991b1b; }
.alert { margin: 8px 12px 0; padding: 8px 10px; border-radius: 6px; background: #fef2f2; color: #991b1b; font-size: 0.9em; }
.list-scroll { flex: 1 1 auto; overflow-y: auto; min-block-size: 0; }
.chat-list { list-style: none; margin: 0; padding: 6px; }
.chat { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; padding: 9px 10px; border-radius: 8px; cursor: pointer; }
.chat:hover { background: rgba(100, 116, 139, 0.08); }
.chat[aria-selected="true"] { background: var(--webchat-selected, #e0e7ff); }
.chat-title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chat-time { font-size: 0.78em; color: var(--webchat-muted, #475569); align-self: center; justify-self: end; white-space: nowrap; }
.chat-preview { font-size: 0.9em; color: var(--webchat-muted, #475569); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chat-preview.typing-now { font-style: italic; }
.chat-side { display: flex; gap: 6px; align-items: center; justify-self: end; }
.chat.unread .chat-title, .chat.unread .chat-preview { color: var(--webchat-text, #0f172a); font-weight: 650; }
.unread-badge { min-inline-size: 20px; padding: 0 6px; border-radius: 999px; font-size: 0.75em; font-weight: 700; line-height: 20px; text-align: center;
  background: var(--webchat-accent, #2563eb); color: var(--webchat-accent-text, #ffffff); }
.status { font-size: 0.72em; font-weight: 600; text-transform: capitalize; padding: 1px 7px; border-radius: 999px; background: #e2e8f0; color: #334155; }
.status[data-status="open"] { background: #dcfce7; color: #166534; }
.status[data-status="pending"] { background: #fef3c7; color: #92400e; }
.status[data-status="resolved"] { background: #dbeafe; color: #1e40af; }
.list-empty { margin: 24px 16px; color: var(--webchat-muted, #475569); text-align: center; }
.load-more, .earlier { display: block; margin: 6px auto 12px; padding: 6px 12px; border-radius: 6px;
  border: 1px solid var(--webchat-border, #e2e8f0); background: var(--webchat-background, #ffffff); }

.conversation { flex: 1 1 auto; display: flex; flex-direction: column; min-inline-size: 0; min-block-size: 0; }
.placeholder { margin: auto; padding: 24px; color: var(--webchat-muted, #475569); text-align: center; }
.thread { flex: 1 1 auto; display: flex; flex-direction: column; min-block-size: 0; }
.back { display: none; border: 0; background: none; font-size: 1.4em; line-height: 1; padding: 2px 8px; border-radius: 6px; }
.heading { flex: 1; min-inline-size: 0; }
.heading h2 { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 1.05em; }
.subtitle { margin: 0; font-size: 0.85em; color: var(--webchat-muted, #475569); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chat-controls { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 6px 14px; border-block-end: 1px solid var(--webchat-border, #e2e8f0); }
.chat-controls label, .availability { display: flex; align-items: center; gap: 6px; font-size: 0.85em; color: var(--webchat-muted, #475569); }
.chat-controls select, .availability select { padding: 4px 6px; border-radius: 6px; border: 1px solid var(--webchat-border, #e2e8f0);
  background: var(--webchat-background, #ffffff); color: var(--webchat-text, #0f172a); max-inline-size: 14em; }
/* The agent's own state: a coloured dot before the select, green only when they can take chats. */
.availability::before { content: ""; inline-size: 9px; block-size: 9px; border-radius: 50%; background: #94a3b8; }
.availability:has(select[data-state="online"])::before { background: #16a34a; }
.availability:has(select[data-state="away"])::before { background: #f59e0b; }
.availability:has(select[data-state="busy"])::before { background: #dc2626; }
.details { padding: 6px 14px; border-block-end: 1px solid var(--webchat-border, #e2e8f0); font-size: 0.85em; }
.details summary { cursor: pointer; color: var(--webchat-muted, #475569); }
.details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 2px; }
.details dt { color: var(--webchat-muted, #475569); }
.details dd { margin: 0; overflow-wrap: anywhere; }
.notice { margin: 0; padding: 6px 14px; background: #fffbeb; color: #92400e; font-size: 0.85em; }
.log-scroll { flex: 1 1 auto; overflow-y: auto; min-block-size: 0; padding: 8px 14px; }
.log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.message { display: flex; flex-direction: column; align-items: flex-start; max-inline-size: 78%; }
.message.mine { align-self: flex-end; align-items: flex-end; }
.message.continues { margin-block-start: -6px; }
.message.continues .meta { display: none; }
/* A system message (assignment, status) is an activity line across the thread, not a bubble. */
.message.system { align-self: stretch; align-items: stretch; max-inline-size: none; }
.activity { display: flex; align-items: center; gap: 10px; margin: 2px 0; font-size: 0.8em; color: var(--webchat-muted, #475569); text-align: center; }
.activity::before, .activity::after { content: ""; flex: 1 1 24px; border-block-start: 1px solid var(--webchat-border, #e2e8f0); }
.activity-text { flex: 0 1 auto; overflow-wrap: anywhere; white-space: pre-wrap; }
.meta { font-size: 0.75em; color: var(--webchat-muted, #475569); margin: 0 4px 2px; }
.meta time { margin-inline-start: 6px; }
.bubble { padding: 7px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; max-inline-size: 100%; overflow: hidden;
  background: var(--webchat-bubble, #f1f5f9); color: var(--webchat-bubble-text, #0f172a); }
.message.mine .bubble { background: var(--webchat-accent, #2563eb); color: var(--webchat-accent-text, #ffffff); }
/* A note (staff only) is yellow and says so, on either side, so it is never taken for a reply. */
.message.note .bubble, .message.mine.note .bubble { background: #fef9c3; color: #422006; border: 1px dashed #ca8a04; }
.note-tag { font-size: 0.72em; font-weight: 700; color: #854d0e; margin: 0 4px 2px; }
.message.pending .bubble { opacity: 0.6; }
.message.failed .bubble { outline: 1px solid #dc2626; }
.failure { font-size: 0.75em; color: #b91c1c; margin: 2px 4px 0; }
.failure button { margin-inline-start: 6px; border: 0; background: none; color: inherit; text-decoration: underline; padding: 0; }
.typing { margin: 0; padding: 0 14px; min-block-size: 1.5em; font-size: 0.85em; color: var(--webchat-muted, #475569); font-style: italic; }
.composer { position: relative; display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; padding: 8px 14px 12px; border-block-start: 1px solid var(--webchat-border, #e2e8f0); }
/* Radios drawn as a segmented switch (quick views, Reply / Note); the radio itself stays for the keyboard. */
.segmented { display: flex; align-items: center; gap: 4px; font-size: 0.85em; }
.segmented label { position: relative; padding: 2px 10px; border-radius: 999px; cursor: pointer; color: var(--webchat-muted, #475569); font-weight: 600; }
.segmented input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.segmented label:has(input:checked) { background: var(--webchat-selected, #e0e7ff); color: var(--webchat-text, #0f172a); }
.segmented label:has(input:focus-visible) { outline: 2px solid var(--webchat-accent, #2563eb); }
.composer-mode { flex: 1 0 100%; }
.views { padding: 8px 10px; border-block-end: 1px solid var(--webchat-border, #e2e8f0); }
.search { padding: 8px 10px 0; }
.search-input { inline-size: 100%; box-sizing: border-box; padding: 6px 10px; border-radius: 8px; font: inherit;
  border: 1px solid var(--webchat-border, #e2e8f0); background: var(--webchat-background, #ffffff); color: var(--webchat-text, #0f172a); }
.search-input:focus-visible { outline: 2px solid var(--webchat-accent, #2563eb); outline-offset: 1px; }
.note-label { margin-inline-start: auto; color: #854d0e; font-weight: 600; }
.composer.note { background: #fefce8; border-block-start: 2px solid #facc15; }
.composer.note .composer-mode label:has(input:checked) { background: #fde68a; color: #422006; }
.composer.note textarea { background: #fffbeb; border-color: #eab308; }
.composer.note button { background: #854d0e; color: #ffffff; }
.composer textarea { flex: 1; resize: none; max-block-size: 160px; overflow-y: hidden; padding: 8px 10px; border-radius: 8px;
  border: 1px solid var(--webchat-border, #e2e8f0); background: var(--webchat-background, #ffffff); line-height: 1.4; }
.composer button { padding: 8px 14px; border-radius: 8px; border: 0; font-weight: 600;
  background: var(--webchat-accent, #2563eb); color: var(--webchat-accent-text, #ffffff); }
/* The canned-response picker (sidebar-canned.js) opens above the reply box, over the messages. */
.canned { position: absolute; inset-inline: 14px; inset-block-end: calc(100% - 6px); z-index: 1; list-style: none; margin: 0; padding: 4px;
  max-block-size: 220px; overflow-y: auto; border-radius: 8px; border: 1px solid var(--webchat-border, #e2e8f0);
  background: var(--webchat-background, #ffffff); box-shadow: 0 6px 20px rgba(15, 23, 42, 0.16); }
.canned-option { display: flex; gap: 10px; align-items: baseline; padding: 6px 10px; border-radius: 6px; cursor: pointer; }
.canned-option:hover { background: rgba(100, 116, 139, 0.08); }
.canned-option[aria-selected="true"] { background: var(--webchat-selected, #e0e7ff); }
.canned-shortcut { font-weight: 650; white-space: nowrap; }
.canned-title { color: var(--webchat-muted, #475569); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

@container webchat (max-width: 599px) {
  .list-pane { flex: 1 1 auto; border-inline-end: 0; }
  .layout.has-open .list-pane, .layout:not(.has-open) .conversation { display: none; }
  .back { display: inline-block; }
  /* One pane: over an open chat the toast sits under its header, clear of the reply box. */
  .layout.has-open .toast { inset-block-start: 60px; inset-block-end: auto; }
}
`;

const MARKUP = `
<div class="root">
  <div class="layout">
    <section class="list-pane" part="list" aria-labelledby="list-heading">
      <header class="list-header">
        <h2 id="list-heading">Chats</h2>
        <label class="availability"><span class="visually-hidden">Your availability</span><select class="availability-select"></select></label>
        <details class="notify-settings">
          <summary title="Notification settings: sound and desktop notifications">Alerts</summary>
          <div class="notify-panel">
            <label><input type="checkbox" class="notify-sound">Play a sound</label>
            <label><input type="checkbox" class="notify-desktop">Desktop notifications</label>
            <p class="notify-status" role="status"></p>
          </div>
        </details>
        <span class="connection" role="status" data-mode="connecting">Connecting…</span>
      </header>
      <form class="search" role="search">
        <input type="search" class="search-input" aria-label="Search chats" placeholder="Search chats" autocomplete="off"
               spellcheck="false" maxlength="200">
      </form>
      <div class="views segmented" role="radiogroup" aria-label="View">
        <label><input type="radio" name="view" value="mine">Mine</label>
        <label><input type="radio" name="view" value="unassigned">Unassigned</label>
        <label><input type="radio" name="view" value="all">All</label>
      </div>
      <p class="alert" role="alert" hidden></p>
      <div class="list-scroll">
        <ul class="chat-list" role="listbox" aria-labelledby="list-heading"></ul>
        <p class="list-empty" hidden></p>
        <button type="button" class="load-more" hidden>Load more chats</button>
      </div>
    </section>
    <div class="toast" role="status" hidden>
      <span class="toast-text" dir="auto"></span>
      <button type="button" class="toast-open">Open</button>
      <button type="button" class="toast-close" aria-label="Dismiss">×</button>
    </div>
    <section class="conversation" part="conversation" aria-label="Conversation">
      <p class="placeholder">Select a chat to see its messages.</p>
      <div class="thread" hidden>
        <header class="thread-header">
          <button type="button" class="back" aria-label="Back to chats">‹</button>
          <div class="heading"><h2 id="thread-title" dir="auto"></h2><p class="subtitle" dir="auto"></p></div>
        </header>
        <div class="chat-controls" role="group" aria-label="Chat controls">
          <label><span>Assignee</span><select class="assignee-select"></select></label>
          <label><span>Status</span>
            <select class="status-select">
              <option value="open">Open</option><option value="pending">Pending</option>
              <option value="resolved">Resolved</option><option value="closed">Closed</option>
            </select>
          </label>
          <label><span>Priority</span><select class="priority-select"></select></label>
        </div>
        <details class="details"><summary>Details</summary><dl></dl></details>
        <p class="notice" role="status" hidden></p>
        <div class="log-scroll" role="log" aria-live="polite" aria-labelledby="thread-title">
          <button type="button" class="earlier" hidden>Load earlier messages</button>
          <ol class="log"></ol>
        </div>
        <p class="typing" aria-live="polite"></p>
        <form class="composer" part="composer">
          <div class="composer-mode segmented" role="radiogroup" aria-label="Message type">
            <label><input type="radio" name="composer-mode" value="reply" checked>Reply</label>
            <label><input type="radio" name="composer-mode" value="note">Note</label>
            <span class="note-label" id="note-label" hidden>Note — only staff see this</span>
          </div>
          <label class="visually-hidden" for="composer-input" id="composer-label">Reply</label>
          <span class="visually-hidden" id="composer-hint">Enter sends, Shift+Enter adds a line, / picks a canned response.</span>
          <textarea id="composer-input" rows="1" maxlength="8000" dir="auto" placeholder="Write a reply…"
            aria-describedby="composer-hint" title="Enter sends, Shift+Enter adds a line, / picks a canned response"></textarea>
          <ul class="canned" id="canned-list" role="listbox" aria-label="Canned responses" hidden></ul>
          <button type="submit">Send</button>
        </form>
      </div>
    </section>
  </div>
</div>`;

/// One stylesheet shared by every sidebar on the page.
export const styleSheet = new CSSStyleSheet();
styleSheet.replaceSync(CSS);

/// The sidebar's skeleton, cloned for each element; sidebar.js fills it with text nodes only.
export const template = document.createElement("template");
template.innerHTML = MARKUP; // static markup only: no user data ever goes through innerHTML
