// WebChatKit sidebar: the search box (contract §10 "Search"). What the agent types becomes the
// list's `q` a moment after they stop typing (Enter: at once); Escape clears it. The list asks the
// server (GET /api/v1/chats?q=) and shows each chat's snippet instead of its last message.

const DEBOUNCE = 300;   // ms after the last keystroke before the list is asked again
const MAX_LENGTH = 200; // the server's limit on q, in characters (code points)

/// What is worth asking for: the text trimmed and cut to the server's limit; "" when it holds no
/// letter or digit, which the server would refuse (API.md: a `q` with nothing to search for is 400).
export function searchText(value) {
  const text = String(value ?? "").trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return "";
  return [...text].slice(0, MAX_LENGTH).join("");
}

export class SearchBox {
  #input;
  #onSearch;
  #timer = 0;
  #query = "";

  /// `form` holds `input`; `onSearch(q)` hears each new query ("" when cleared).
  constructor(form, input, onSearch) {
    this.#input = input;
    this.#onSearch = onSearch;
    form.addEventListener("submit", (e) => { e.preventDefault(); this.#commit(); });
    input.addEventListener("input", () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#commit(), DEBOUNCE);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || !input.value) return;
      e.preventDefault();
      e.stopPropagation(); // Escape clears the search, and does nothing else on the way
      input.value = "";
      this.#commit();
    });
  }

  /// The query the list shows now.
  get query() { return this.#query; }

  /// Sets the box and the query from outside (the element's `search` property), without a delay.
  set query(value) {
    this.#input.value = String(value ?? "");
    this.#commit();
  }

  #commit() {
    clearTimeout(this.#timer);
    const query = searchText(this.#input.value);
    if (query === this.#query) return;
    this.#query = query;
    this.#onSearch(query);
  }
}
