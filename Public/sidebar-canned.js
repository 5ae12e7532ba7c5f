// WebChatKit sidebar: the canned-response picker of the reply box (contract §10). sidebar.js
// imports it; it is no embed of its own.
//
// A "/" at the start of the reply or after whitespace, followed by the start of a shortcut, lists
// the website's canned responses whose shortcut starts with it. ArrowDown and ArrowUp move (and
// wrap), Enter, Tab or a click put the chosen response's text in place of the "/shortcut", and
// Escape closes the list and keeps what was typed. The reply box is an ARIA combobox (role
// "combobox" on the textarea, the pattern for a text field with a popup of suggestions), the
// list a listbox whose selected option the box names in aria-activedescendant, so the focus
// never leaves the text the agent is writing.
//
// Titles are drawn with textContent and inserted texts are plain text: never parsed as HTML.

import { LIMITS, drawable, element } from "./chat-common.js";

/// How long the fetched list is used before the picker fetches it again when it opens (ms). The
/// list is fetched once, not per keystroke, and filtered here.
const FRESH_MS = 60_000;

/// After a failed fetch, the picker waits this long before asking again (ms), so that typing
/// while the server is unreachable does not send a request per keystroke.
const RETRY_MS = 5_000;

/// What opens the picker, just before the caret: "/" at the start or after whitespace, then the
/// characters a shortcut is made of (contract §10: a-z, 0-9 and "-"; capitals match too).
const TRIGGER = /(?:^|\s)\/([a-z0-9-]*)$/i;

export class CannedPicker {
  #input;
  #listbox;
  #load;                // () => Promise of the API's answer: the sidebar's authorised request
  #responses = [];      // the website's canned responses, in shortcut order (the server's)
  #nextFetchAt = 0;     // when the list is stale (ms since the epoch)
  #fetching = null;     // the fetch under way; an answer for an older one is dropped
  #matches = [];        // what the open list shows
  #active = 0;          // the index of the selected option
  #slash = -1;          // where the "/" of the open list is in the text; -1 while closed
  #dismissed = -1;      // where the "/" the agent closed with Escape is: typing on stays closed

  /// `input` is the reply box, `listbox` the empty list the picker fills, `load` fetches
  /// `GET /api/v1/canned-responses` with the sidebar's token.
  constructor(input, listbox, load) {
    this.#input = input;
    this.#listbox = listbox;
    this.#load = load;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");
    input.addEventListener("input", () => this.#update());
    input.addEventListener("click", () => this.#update()); // the caret moved
    input.addEventListener("keyup", (event) => { if (CARET_KEYS.has(event.key)) this.#update(); });
    input.addEventListener("blur", () => this.close());
    // A press on an option would take the focus from the reply box: the click alone chooses.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#insert(Number(option.dataset.index));
    });
  }

  /// The reply box's keydown: true when the picker used the key (the caller then does nothing
  /// else with it, so Enter inserts without sending).
  handleKey(event) {
    if (this.#slash < 0 || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return false;
    switch (event.key) {
      case "ArrowDown": this.#select(this.#active + 1); break;
      case "ArrowUp": this.#select(this.#active - 1); break;
      case "Enter":
      case "Tab":
        if (event.shiftKey) return false; // a new line, or the previous control
        this.#insert(this.#active);
        break;
      case "Escape":
        this.#dismissed = this.#slash;
        this.#hide();
        break;
      default: return false;
    }
    event.preventDefault();
    event.stopPropagation(); // Escape closes the picker, not a dialog of the host page around it
    return true;
  }

  /// Closes the list, for example when the reply box shows another chat's draft.
  close() {
    this.#dismissed = -1;
    this.#hide();
  }

  /// Closes the list and forgets the fetched responses: the token (maybe of another website) changed.
  reset() {
    this.close();
    this.#responses = [];
    this.#nextFetchAt = 0;
    this.#fetching = null;
  }

  /// Opens, filters or closes the list for the text before the caret.
  #update() {
    const input = this.#input;
    const before = input.value.slice(0, input.selectionEnd);
    const match = input.selectionStart === input.selectionEnd ? TRIGGER.exec(before) : null;
    const slash = match ? before.length - match[1].length - 1 : -1;
    if (slash !== this.#dismissed) this.#dismissed = -1;
    if (slash < 0 || slash === this.#dismissed) { this.#hide(); return; }
    this.#refreshIfStale();
    const query = match[1].toLowerCase();
    this.#show(slash, this.#responses.filter((response) => String(response.shortcut).startsWith(query)));
  }

  /// Fetches the list when it is stale; its answer updates an open list.
  #refreshIfStale() {
    if (this.#fetching || Date.now() < this.#nextFetchAt) return;
    const fetching = this.#load().then((answer) => {
      if (this.#fetching !== fetching) return;
      this.#responses = Array.isArray(answer?.canned_responses) ? answer.canned_responses : [];
      this.#nextFetchAt = Date.now() + FRESH_MS;
    }, () => {
      if (this.#fetching === fetching) this.#nextFetchAt = Date.now() + RETRY_MS;
    }).finally(() => {
      if (this.#fetching !== fetching) return;
      this.#fetching = null;
      if (this.#input.matches(":focus")) this.#update();
    });
    this.#fetching = fetching;
  }

  /// Shows `matches` for the "/" at `slash`, the first one selected; none closes the list.
  #show(slash, matches) {
    if (matches.length === 0) { this.#hide(); return; }
    const keep = slash === this.#slash ? this.#matches[this.#active]?.id : undefined;
    this.#slash = slash;
    this.#matches = matches;
    this.#listbox.replaceChildren(...matches.map(option));
    // The list reads in the reply's direction (dir="auto" on the box), right to left for Arabic.
    this.#listbox.dir = getComputedStyle(this.#input).direction;
    this.#listbox.hidden = false;
    this.#input.setAttribute("aria-expanded", "true");
    this.#select(Math.max(0, matches.findIndex((response) => response.id === keep)));
  }

  #hide() {
    this.#slash = -1;
    this.#matches = [];
    this.#listbox.hidden = true;
    this.#listbox.replaceChildren();
    this.#input.setAttribute("aria-expanded", "false");
    this.#input.removeAttribute("aria-activedescendant");
  }

  /// Selects an option by index, wrapping at both ends, and keeps it in view.
  #select(index) {
    const options = this.#listbox.children;
    this.#active = (index + options.length) % options.length;
    for (const each of options) each.setAttribute("aria-selected", String(each === options[this.#active]));
    const chosen = options[this.#active];
    this.#input.setAttribute("aria-activedescendant", chosen.id);
    chosen.scrollIntoView({ block: "nearest" });
  }

  /// Puts a response's text in place of the "/shortcut" before the caret, as if it was typed
  /// (an input event, so the box refits and the visitor sees the agent typing).
  #insert(index) {
    const response = this.#matches[index];
    if (!response) return;
    const input = this.#input;
    const start = this.#slash;
    this.#hide();
    input.setRangeText(String(response.text ?? ""), start, input.selectionEnd, "end");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

/// The keys that move the caret without an input event: the query before it may change.
const CARET_KEYS = new Set(["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

/// One option: "/shortcut" (always left to right) and the title (in its own direction).
function option(response, index) {
  const shortcut = element("span", "canned-shortcut", "/" + drawable(response.shortcut, LIMITS.title));
  shortcut.dir = "ltr";
  const title = element("span", "canned-title", drawable(response.title, LIMITS.title));
  title.dir = "auto";
  const item = element("li", "canned-option", [shortcut, title]);
  item.id = `canned-option-${index}`;
  item.setAttribute("role", "option");
  item.dataset.index = String(index);
  return item;
}
