// WebChatKit sidebar: availability (contract §10) — who of the website's staff is connected and
// in which state, and the agent's own state switch in the list's header.
//
// The roster starts from GET /api/v1/availability and follows `presence` events, which the
// sidebar hands over as they arrive, so the assignment list and the switch never poll.

import { LIMITS, drawable, element } from "./chat-common.js";

export const STATES = ["online", "away", "busy", "offline"];
const STATE_LABELS = { online: "Online", away: "Away", busy: "Busy", offline: "Offline" };

/// Staff connected now, by principal id: {principal, state}. Sends "change" when it changes.
export class StaffRoster extends EventTarget {
  #request;
  #staff = new Map();

  /// `request(method, path, body)` is the sidebar's authorised REST call.
  constructor(request) {
    super();
    this.#request = request;
  }

  /// The staff in an order to offer them: online first (they can take a chat now), then away,
  /// busy, offline, each by name.
  get members() {
    return [...this.#staff.values()].sort((a, b) =>
      STATES.indexOf(a.state) - STATES.indexOf(b.state) || nameOf(a.principal).localeCompare(nameOf(b.principal)));
  }

  stateOf(id) { return this.#staff.get(id)?.state ?? null; }
  principal(id) { return this.#staff.get(id)?.principal ?? null; }

  /// Adds what GET /api/v1/availability says to the roster. It never removes anyone: leaving is
  /// a `presence` event ("offline"), and an answer can lag behind the events (the server reads
  /// it from a snapshot), so an empty answer must not empty a roster the events built.
  async refresh() {
    const answer = await this.#request("GET", "/api/v1/availability");
    for (const entry of answer?.agents || []) {
      if (entry?.principal?.id && !this.#staff.get(entry.principal.id)?.live) this.#staff.set(entry.principal.id, entry);
    }
    this.dispatchEvent(new Event("change"));
  }

  /// A `presence` event's data: {principal, state}. Staff who went offline stay, as offline.
  presence(data) {
    if (!data?.principal?.id) return;
    this.#staff.set(data.principal.id, { principal: data.principal, state: data.state, live: true });
    this.dispatchEvent(new Event("change"));
  }

  clear() {
    this.#staff.clear();
    this.dispatchEvent(new Event("change"));
  }
}

/// A principal's name as staff read it: the token's name, else the id; cut to what is drawn.
export function nameOf(principal) {
  return drawable(principal?.name || principal?.id || "Someone", LIMITS.title);
}

/// The agent's own state: a select in the list's header. A choice is saved with
/// PUT /api/v1/me/availability (REST works while polling too); what is shown follows the
/// server's presence events for the agent, so a change made in another tab shows here too.
export class AvailabilitySwitch {
  #select;
  #roster;
  #request;
  #me;
  #onError;

  constructor(select, roster, { request, me, onError }) {
    this.#select = select;
    this.#roster = roster;
    this.#request = request;
    this.#me = me;
    this.#onError = onError;
    select.replaceChildren(...STATES.map((state) => {
      const option = element("option", "", STATE_LABELS[state]);
      option.value = state;
      return option;
    }));
    select.addEventListener("change", () => this.#choose(select.value));
    roster.addEventListener("change", () => this.#show());
    this.#show();
  }

  /// Shows the agent's state as the server knows it: not connected (yet) is offline.
  #show() {
    if (this.#select.getAttribute("aria-busy") === "true") return;
    const state = this.#roster.stateOf(this.#me().id) || "offline";
    this.#select.value = state;
    this.#select.dataset.state = state;
  }

  async #choose(state) {
    const select = this.#select;
    select.dataset.state = state;
    select.setAttribute("aria-busy", "true");
    try {
      await this.#request("PUT", "/api/v1/me/availability", { state });
      select.removeAttribute("aria-busy");
      // The presence event confirms it; until then, the choice stands.
      this.#roster.presence({ principal: this.#roster.principal(this.#me().id) || this.#me(), state });
    } catch (error) {
      select.removeAttribute("aria-busy");
      this.#show();
      this.#onError(error);
    }
  }
}
