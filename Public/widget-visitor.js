// WebChatKit widget, the visitor's side (contract §11): away mode with the email capture, asking
// for a person while a bot answers (§9), ending a chat, rating it once it is resolved, and the
// visitor's earlier conversations. widget.js loads
// this module on demand (when the visitor first opens the chat or connects) and attaches it to
// its panel. Its strings are those of the widget's locale (Public/locales), named as widget.js's
// h() and say() take them ([key, ...arguments]) so that a change of locale redraws them; every
// text goes in as text.
import { serverTexts } from "./widget-strings.js";

/// Attaches the visitor's side to the widget described by `ctx` (see widget.js, visitorSide());
/// returns the hooks widget.js calls: chatChanged(chat or null), opened(), focusTarget().
export function attach(ctx) {
  const { h, say, icon, panel, tools, log, list, composer, storage } = ctx;
  addStyles(ctx.shadow);

  let current = null; // the chat of the conversation view, as last heard; null before its first message
  let askAgain = false; // it was resolved again while shown: ask for a rating even if an older one exists
  let settings = ctx.settings();
  let savedEmail = null; // what the visitor saved in this page
  let drawn = ""; // what the ended area shows (drawEnded)
  let emailBox = null; // the email form, once drawn

  // MARK: DOM

  const historyButton = h("button", { type: "button", "aria-label": ["conversations"], title: ["conversations"] },
    icon("M5 7h14M5 12h14M5 17h9"));
  const endButton = h("button", { type: "button", class: "end", hidden: "" }, ["endChat"]);
  const personButton = h("button", { type: "button", class: "person", hidden: "" }, ["talkToPerson"]);
  tools.prepend(historyButton, personButton, endButton);

  const notice = h("div", { class: "notice", hidden: "" });
  ctx.greeting.after(notice);

  const ended = h("div", { class: "ended", hidden: "" });
  list.after(ended);

  const endError = h("p", { class: "error", role: "alert" });
  const confirmEnd = h("button", { type: "button", class: "primary" }, ["endConfirm"]);
  const cancelEnd = h("button", { type: "button", class: "secondary" }, ["endCancel"]);
  const confirm = h("div", { class: "confirm", role: "group", "aria-labelledby": "wc-end-question", hidden: "" },
    h("p", { id: "wc-end-question" }, ["endQuestion"]), h("div", { class: "row" }, confirmEnd, cancelEnd), endError);
  composer.before(confirm);

  const personError = h("p", { class: "error person-error", role: "alert", hidden: "" });
  composer.before(personError);

  const view = h("section", { class: "view", hidden: "" });
  log.before(view);

  historyButton.addEventListener("click", showConversations);
  endButton.addEventListener("click", askToEnd);
  personButton.addEventListener("click", askForPerson);
  cancelEnd.addEventListener("click", () => {
    hideConfirm();
    ctx.textarea.focus();
  });
  confirmEnd.addEventListener("click", endChat);

  // MARK: Hooks

  /// The conversation view shows `chat` now (null: none yet), as loaded or as an event changed it.
  function chatChanged(chat) {
    const sameChat = Boolean(chat) && current?.id === chat.id;
    const wasEnded = sameChat && isEnded(current);
    if (!sameChat || (chat.rating && chat.rating.at !== current.rating?.at)) askAgain = false;
    else if (!wasEnded && isEnded(chat)) askAgain = true; // resolved (again) while shown
    current = chat;
    endButton.hidden = !chat || isEnded(chat);
    personButton.hidden = !chat || isEnded(chat) || chat.handled_by !== "bot";
    if (personButton.hidden) personError.hidden = true;
    drawEnded(wasEnded);
    if (!chat || isEnded(chat)) hideConfirm();
    drawNotice();
  }

  /// The panel opened: availability may have changed since the page loaded.
  async function opened() {
    try {
      const response = await fetch(ctx.server + "/api/v1/widget/settings?website_id=" + encodeURIComponent(ctx.websiteID));
      if (response.ok) settings = await response.json();
    } catch (error) {
      console.warn("WebChat: cannot refresh the widget settings:", error.message);
    }
    drawNotice();
  }

  /// Where the focus goes when the panel opens while the composer is hidden.
  function focusTarget() {
    if (!panel.hasAttribute("data-ended") || panel.hasAttribute("data-view")) return null;
    return ended.querySelector("input, textarea, button");
  }

  // MARK: Away mode and the email

  function drawNotice() {
    const away = settings.available === false;
    const ask = settings.widget?.ask_email;
    const wantsEmail = (ask === "always" || (ask === "when_away" && away)) && !knownEmail();
    notice.hidden = !away && !wantsEmail && !savedEmail;
    if (notice.hidden) return notice.replaceChildren();
    if (notice.contains(ctx.shadow.activeElement)) return; // the visitor is typing their email
    const parts = [];
    if (away) {
      parts.push(h("p", { class: "title" }, ["awayTitle"]),
        h("p", { dir: "auto" }, own(settings.widget?.away_message) ? ctx.common.drawable(settings.widget.away_message, 500) : ["awayDefault"]));
    }
    if (savedEmail) parts.push(h("p", { role: "status" }, ["emailSaved", savedEmail]));
    else if (wantsEmail) parts.push(emailBox ||= emailForm()); // the same form: what was typed stays
    notice.replaceChildren(...parts);
    ctx.translate(notice); // the kept email form, in the locale shown now
  }

  /// Whether the away message is the site's own, not missing or the server's English default.
  function own(message) {
    return Boolean(message) && message !== serverTexts.away_message;
  }

  function knownEmail() {
    const me = ctx.me();
    return Boolean(savedEmail || ctx.claims().email || current?.visitor?.email || (me && storage.get(emailKey(me))));
  }

  function emailKey(me) {
    return ctx.sessionKey + ":email:" + me;
  }

  function emailForm() {
    const input = h("input", { id: "wc-email", type: "email", autocomplete: "email", maxlength: "254",
      "aria-describedby": "wc-email-hint wc-email-error" });
    const error = h("p", { class: "error", id: "wc-email-error", hidden: "" });
    const save = h("button", { type: "submit", class: "primary" }, ["emailSave"]);
    const form = h("form", { class: "email", novalidate: "" }, h("label", { for: "wc-email" }, ["emailLabel"]),
      h("p", { class: "hint", id: "wc-email-hint" }, ["emailHint"]), h("div", { class: "row" }, input, save), error);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const email = input.value.trim();
      if (form.hasAttribute("aria-busy")) return;
      form.setAttribute("aria-busy", "true");
      try {
        await ctx.start();
        await ctx.client().request("PATCH", "/api/v1/me", { email });
        savedEmail = email;
        storage.set(emailKey(ctx.me()), true);
        const focused = form.contains(ctx.shadow.activeElement);
        notice.replaceChildren();
        drawNotice();
        if (focused) ctx.textarea.focus();
      } catch (failure) {
        showError(input, error, failure.status === 400 ? "emailInvalid" : "emailFailed");
        input.focus();
      } finally {
        form.removeAttribute("aria-busy");
      }
    });
    return form;
  }

  // MARK: Ending

  function askToEnd() {
    if (!current || isEnded(current)) return;
    endError.hidden = true;
    confirm.hidden = false;
    panel.setAttribute("data-confirm", "");
    confirmEnd.focus();
  }

  function hideConfirm() {
    const focused = confirm.contains(ctx.shadow.activeElement);
    confirm.hidden = true;
    panel.removeAttribute("data-confirm");
    if (focused) (focusTarget() || ctx.textarea).focus();
  }

  async function endChat() {
    if (!current || confirm.hasAttribute("aria-busy")) return;
    confirm.setAttribute("aria-busy", "true");
    try {
      const chat = await ctx.client().request("POST", `/api/v1/chats/${encodeURIComponent(current.id)}/end`);
      if (chat.id === ctx.chatID()) chatChanged(chat);
    } catch {
      say(endError, { "": ["endFailed"] });
      endError.hidden = false;
    } finally {
      confirm.removeAttribute("aria-busy");
    }
  }

  /// While a bot answers: hands the chat to people (`POST …/handoff`); the chat that comes back
  /// (and its chat.updated) hides the action, and the system message says so.
  async function askForPerson() {
    if (!current || personButton.hasAttribute("aria-busy")) return;
    personButton.setAttribute("aria-busy", "true");
    personError.hidden = true;
    try {
      const chat = await ctx.client().request("POST", `/api/v1/chats/${encodeURIComponent(current.id)}/handoff`);
      if (chat.id === ctx.chatID()) chatChanged(chat);
      ctx.textarea.focus();
    } catch {
      say(personError, { "": ["personFailed"] });
      personError.hidden = false;
    } finally {
      personButton.removeAttribute("aria-busy");
    }
  }

  // MARK: Rating

  /// Below an ended conversation: the rating (asked, or the one given) and a way to start anew.
  function drawEnded(wasEnded) {
    const isOver = isEnded(current);
    ended.hidden = !isOver;
    panel.toggleAttribute("data-ended", isOver);
    const asks = isOver && current.status === "resolved" && (!current.rating || askAgain);
    // Drawn again only when what it shows changes: a form being filled in stays as it is.
    const shown = isOver ? [current.id, current.status, current.rating?.at, asks].join(" ") : "";
    if (shown === drawn) return;
    drawn = shown;
    if (!isOver) return ended.replaceChildren();
    const focused = panel.contains(ctx.shadow.activeElement) && !panel.hasAttribute("data-view");
    const start = h("button", { type: "button", class: "secondary" }, ["newConversation"]);
    start.addEventListener("click", () => ctx.newConversation());
    ended.replaceChildren(h("p", { class: "title" }, ["ended"]), asks ? ratingForm(current.id) : rated(current.rating), start);
    if (focused && !wasEnded) focusTarget()?.focus();
  }

  function rated(rating) {
    if (!rating) return "";
    return h("div", { role: "status" }, h("p", {}, ["ratingThanks"]), h("p", { class: "hint" }, ["yourRating", rating.score]));
  }

  function ratingForm(chatID) {
    const labels = [];
    const stars = [1, 2, 3, 4, 5].flatMap((score) => {
      const input = h("input", { type: "radio", name: "wc-score", value: String(score), id: `wc-star-${score}`, class: "sr" });
      const label = h("label", { for: `wc-star-${score}` }, h("span", { "aria-hidden": "true" }, "★"), h("span", { class: "sr" }, ["stars", score]));
      labels.push(label);
      return [input, label];
    });
    const group = h("fieldset", { class: "stars", "aria-describedby": "wc-rating-error" }, h("legend", {}, ["rateQuestion"]), ...stars);
    const comment = h("textarea", { id: "wc-comment", rows: "2", maxlength: "1000", dir: "auto" });
    const error = h("p", { class: "error", id: "wc-rating-error", hidden: "" });
    const send = h("button", { type: "submit", class: "primary" }, ["sendRating"]);
    const form = h("form", { class: "rating", novalidate: "" }, group,
      h("label", { for: "wc-comment" }, ["commentLabel"]), comment, error, send);
    group.addEventListener("change", () => {
      const score = Number(form.elements["wc-score"].value);
      labels.forEach((label, index) => label.classList.toggle("on", index < score));
      error.hidden = true;
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const score = Number(form.elements["wc-score"].value);
      if (!score) return showError(group, error, "chooseStars");
      if (form.hasAttribute("aria-busy")) return;
      form.setAttribute("aria-busy", "true");
      try {
        const chat = await ctx.client().request("POST", `/api/v1/chats/${encodeURIComponent(chatID)}/rating`,
          { score, comment: comment.value.trim() || null });
        askAgain = false;
        if (chat.id === ctx.chatID()) chatChanged(chat);
        ended.querySelector("[role=status]")?.setAttribute("tabindex", "-1");
        ended.querySelector("[role=status]")?.focus();
      } catch (failure) {
        if (failure.status === 409) {
          // Rated already (another tab) or reopened meanwhile: show the chat as it is now.
          askAgain = false;
          const chat = await ctx.client().request("GET", `/api/v1/chats/${encodeURIComponent(chatID)}`).catch(() => null);
          if (chat && chat.id === ctx.chatID()) return chatChanged(chat);
        }
        showError(group, error, "ratingFailed");
      } finally {
        form.removeAttribute("aria-busy");
      }
    });
    return form;
  }

  // MARK: Earlier conversations

  /// The visitor's conversations, most recently active first, 20 at a time.
  async function showConversations() {
    const items = h("ul", { class: "chats" });
    const more = h("button", { type: "button", class: "secondary", hidden: "" }, ["showMore"]);
    const status = h("p", { class: "hint", role: "status" });
    const start = h("button", { type: "button", class: "primary" }, ["newConversation"]);
    start.addEventListener("click", () => {
      closeView();
      ctx.newConversation();
    });
    let cursor = null;
    async function loadPage() {
      more.hidden = true;
      try {
        await ctx.start();
        const page = await ctx.client().request("GET", "/api/v1/chats?limit=20" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
        for (const chat of page.chats) items.append(conversationItem(chat));
        cursor = page.next_cursor;
        more.hidden = !cursor;
        say(status, items.childElementCount ? null : { "": ["noConversations"] });
        if (items.childElementCount) status.textContent = "";
      } catch {
        say(status, { "": ["loadFailed"] });
        more.hidden = false;
      }
    }
    more.addEventListener("click", loadPage);
    openView(["conversations"], closeView, start, status, items, more);
    await loadPage();
  }

  function conversationItem(chat) {
    const preview = chat.title || chat.last_message?.text;
    const button = h("button", { type: "button", class: "item" },
      h("span", { class: "preview", dir: "auto" }, preview ? ctx.common.drawable(preview, ctx.common.LIMITS.preview) : ["untitled"]),
      h("span", { class: "hint" }, h("span", {}, [isEnded(chat) ? "statusEnded" : "statusOpen"]), " · ",
        h("span", {}, ["started", new Date(chat.created_at)])));
    button.addEventListener("click", () => {
      if (chat.id === ctx.chatID()) return closeView();
      showTranscript(chat, button);
    });
    return h("li", {}, button);
  }

  /// An earlier conversation, read-only: its latest 200 messages.
  async function showTranscript(chat, from) {
    const messages = h("ol", { class: "messages transcript" });
    const status = h("p", { class: "hint" }, ["readOnly"]);
    const back = () => {
      view.replaceChildren(...listView);
      ctx.translate(view); // the list as it was, in the locale shown now
      backHandler = closeView;
      from.focus();
    };
    const listView = [...view.childNodes];
    openView(["transcriptTitle", new Date(chat.created_at)], back, status, messages);
    try {
      const page = await ctx.client().request("GET", `/api/v1/chats/${encodeURIComponent(chat.id)}/messages?limit=200`);
      for (const message of page.messages) {
        const node = h("li");
        ctx.drawMessage(node, message, message.sender.id === ctx.me());
        messages.append(node);
      }
    } catch {
      say(status, { "": ["loadFailed"] });
    }
  }

  let backHandler = null;
  /// Shows a view with its title (a string of the locale: [key, ...arguments]) and a way back.
  function openView(title, onBack, ...content) {
    const heading = h("h3", { id: "wc-view-title", tabindex: "-1" }, title);
    const back = h("button", { type: "button", class: "secondary back" }, ["back"]);
    backHandler = onBack;
    back.addEventListener("click", () => backHandler());
    view.setAttribute("aria-labelledby", "wc-view-title");
    view.replaceChildren(h("div", { class: "bar" }, back, heading), ...content);
    view.hidden = false;
    panel.setAttribute("data-view", "");
    heading.focus();
  }

  function closeView() {
    view.hidden = true;
    view.replaceChildren();
    panel.removeAttribute("data-view");
    historyButton.focus();
  }

  // MARK: Helpers

  function isEnded(chat) {
    return chat?.status === "resolved" || chat?.status === "closed";
  }

  /// Shows the string `key` as the error of `field`.
  function showError(field, error, key) {
    say(error, { "": [key] });
    error.hidden = false;
    field.setAttribute("aria-invalid", "true");
  }

  return { chatChanged, opened, focusTarget };
}

function addStyles(shadow) {
  const css = `
.panel[data-view]>:is(.log,.typing,.composer,.confirm),.panel[data-ended]>.composer,.panel[data-confirm]>.composer{display:none!important}
.view{flex:1;overflow-y:auto;padding:12px 14px;background:var(--soft);display:flex;flex-direction:column;gap:10px}
.view .bar{display:flex;align-items:center;gap:10px}
h3{margin:0;font-size:15px;font-weight:600}
h3:focus{outline:0}
.chats{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.item{width:100%;text-align:start;border:1px solid var(--line);background:var(--bg);border-radius:10px;padding:8px 12px;display:flex;flex-direction:column;gap:2px}
.item:hover{border-color:var(--accent)}
.preview{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.hint{font-size:12px;color:var(--muted);margin:0}
.notice,.ended,.confirm{background:var(--bg);border:1px solid var(--line);border-radius:12px;padding:10px 12px;display:flex;flex-direction:column;gap:8px}
.notice p,.ended p,.confirm p{margin:0}
.title{font-weight:600}
.confirm{margin:0 10px 10px}
.row{display:flex;gap:8px;align-items:center}
.primary,.secondary{border-radius:8px;padding:6px 12px;font-size:13px;border:1px solid var(--accent)}
.primary{background:var(--accent);color:var(--on-accent)}
.secondary{background:var(--bg);color:var(--fg);border-color:var(--edge)}
[aria-busy] .primary{opacity:.6}
.ended>.secondary,.rating .primary{align-self:flex-start}
.tools .end,.tools .person{width:auto;padding:0 10px;font-size:13px;border:1px solid;border-radius:8px;height:28px;margin:2px 0 0;margin-inline-end:4px}
.person-error{margin:0 10px 6px}
input[type=email],.rating textarea{flex:1;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--field);border-radius:8px;padding:6px 8px;width:100%;resize:vertical}
label{font-weight:600;font-size:13px}
.error{color:var(--error);font-size:13px}
.rating{display:flex;flex-direction:column;gap:6px}
.stars{border:0;margin:0;padding:0;display:flex;gap:2px}
.stars legend{padding:0;margin-bottom:4px;font-weight:600}
.stars label{font-size:28px;line-height:1;color:var(--field);cursor:pointer;padding:0 2px;border-radius:6px}
.stars label.on{color:var(--star)}
.stars input:focus-visible+label{outline:2px solid var(--accent)}
.transcript .msg{max-width:85%}
`;
  if ("adoptedStyleSheets" in shadow && shadow.adoptedStyleSheets.length) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    shadow.prepend(style);
  }
}
