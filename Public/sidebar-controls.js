// WebChatKit sidebar: the open chat's controls (contract §10) — assignee, status and priority,
// each a labelled select saved with PATCH /api/v1/chats/{id}. The server answers with the chat
// and writes the system message everyone sees ("Bo assigned this chat to Ann."); a refused
// change puts the select back and shows the error.
//
// The assignee list: Unassigned, Me, then the staff connected now (StaffRoster, online first,
// each with their state), and the current assignee even when they are not connected.

import { element } from "./chat-common.js";
import { nameOf } from "./sidebar-availability.js";

const PRIORITIES = ["None", "Low", "Medium", "High", "Urgent"]; // 0–4, as Chatwoot names them

export class ChatControls {
  #ui;
  #roster;
  #request;
  #me;
  #onSaved;
  #onError;
  #chat = null;

  /// `container` holds the three selects (sidebar-markup.js); `request` is the sidebar's REST
  /// call, `me()` the agent, `onSaved(chat)` takes the server's answer, `onError(error)` shows one.
  constructor(container, roster, { request, me, onSaved, onError }) {
    this.#ui = {
      assignee: container.querySelector(".assignee-select"),
      status: container.querySelector(".status-select"),
      priority: container.querySelector(".priority-select"),
    };
    this.#roster = roster;
    this.#request = request;
    this.#me = me;
    this.#onSaved = onSaved;
    this.#onError = onError;
    this.#ui.priority.replaceChildren(...PRIORITIES.map((label, level) => optionOf(String(level), label)));
    this.#ui.assignee.addEventListener("change", () => this.#save("assignee_id", this.#ui.assignee.value || null, this.#ui.assignee));
    this.#ui.status.addEventListener("change", () => this.#save("status", this.#ui.status.value, this.#ui.status));
    this.#ui.priority.addEventListener("change", () => this.#save("priority", Number(this.#ui.priority.value), this.#ui.priority));
    // Who is available changes all day: the list is fresh when the agent is about to choose.
    this.#ui.assignee.addEventListener("focus", () => this.#roster.refresh().catch(() => {}));
    roster.addEventListener("change", () => this.#fillAssignees());
  }

  /// Shows a chat's values; a select waiting for the server keeps what the agent chose.
  show(chat) {
    this.#chat = chat;
    const { assignee, status, priority } = this.#ui;
    this.#fillAssignees();
    if (status.getAttribute("aria-busy") !== "true" && chat.status) status.value = chat.status;
    if (priority.getAttribute("aria-busy") !== "true") priority.value = String(Math.min(4, Math.max(0, chat.priority || 0)));
    if (assignee.getAttribute("aria-busy") !== "true") assignee.value = chat.assignee_id || "";
  }

  #fillAssignees() {
    const select = this.#ui.assignee;
    if (select.getAttribute("aria-busy") === "true") return;
    const me = this.#me();
    const current = this.#chat?.assignee_id || "";
    const options = [optionOf("", "Unassigned"), optionOf(me.id, me.name ? `Me (${me.name})` : "Me")];
    const offered = new Set(["", me.id]);
    for (const { principal, state } of this.#roster.members) {
      if (offered.has(principal.id) || principal.role === "bot" || (state === "offline" && principal.id !== current)) continue;
      offered.add(principal.id);
      options.push(optionOf(principal.id, `${nameOf(principal)} (${state})`));
    }
    if (!offered.has(current)) {
      const principal = this.#roster.principal(current);
      options.push(optionOf(current, principal ? `${nameOf(principal)} (offline)` : current));
    }
    select.replaceChildren(...options);
    select.value = current;
  }

  async #save(field, value, select) {
    const chat = this.#chat;
    if (!chat?.id) return;
    select.setAttribute("aria-busy", "true");
    try {
      const saved = await this.#request("PATCH", `/api/v1/chats/${encodeURIComponent(chat.id)}`, { [field]: value });
      select.removeAttribute("aria-busy");
      this.#onSaved(saved);
    } catch (error) {
      select.removeAttribute("aria-busy");
      if (this.#chat?.id === chat.id) this.show(this.#chat);
      this.#onError(error);
    }
  }
}

/// An option whose label goes in as text (names come from tokens, which anyone may sign).
function optionOf(value, label) {
  const option = element("option", "", label);
  option.value = value;
  return option;
}
