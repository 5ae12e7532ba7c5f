// WebChatKit sidebar: notifications (contract §10) — the `webchat-unread` event with the total,
// the count in the page's title while it is hidden, a toast for a new chat, and, only after the
// agent opts in, a short sound and desktop notifications for new chats and messages.
//
// The sound is made here with Web Audio (two sine tones), so no audio file is fetched from
// anywhere. Desktop notifications use the Notification API and ask for permission only when the
// agent ticks the box (a browser asks once per site; a refusal is theirs to undo). The choices
// are kept in localStorage per origin, like any of the page's settings.
//
// Texts go into the toast with textContent and into notifications as their plain-text body.

import { LIMITS, drawable } from "./chat-common.js";

const STORAGE_KEY = "webchat-sidebar:alerts";
const TOAST_MS = 8000;       // how long a new chat's toast stays
const SOUND_GAP_MS = 1500;   // a burst of messages rings once

export class Notifier {
  #host;
  #ui;
  #openChat;
  #total = null;
  #baseTitle = null;     // the page's own title while ours shows a count
  #audio = null;
  #lastSound = 0;
  #toastTimer = null;
  #choices;

  /// `host` is the element (events are dispatched on it), `ui` holds the sound and desktop
  /// checkboxes, the toast and its text and button and the settings' status line; `openChat(id)`
  /// opens a chat as a click on it does.
  constructor(host, ui, openChat) {
    this.#host = host;
    this.#ui = ui;
    this.#openChat = openChat;
    this.#choices = loadChoices();
    ui.sound.checked = this.#choices.sound;
    ui.desktop.checked = this.#choices.desktop && permission() === "granted";
    ui.sound.addEventListener("change", () => this.#chooseSound(ui.sound.checked));
    ui.desktop.addEventListener("change", () => this.#chooseDesktop(ui.desktop.checked));
    ui.toastOpen.addEventListener("click", () => {
      const id = ui.toast.dataset.chatId;
      this.#hideToast();
      if (id) this.#openChat(id);
    });
    ui.toastClose.addEventListener("click", () => this.#hideToast());
    // A toast waits while the agent is on it (pointer or keyboard focus): time to read it and
    // reach its buttons is theirs to take (WCAG 2.2.1, timing adjustable).
    for (const [pause, resume] of [["pointerenter", "pointerleave"], ["focusin", "focusout"]]) {
      ui.toast.addEventListener(pause, () => clearTimeout(this.#toastTimer));
      ui.toast.addEventListener(resume, () => this.#startToastTimer());
    }
    // Browsers start audio only after a gesture on the page: a saved choice waits for one.
    if (this.#choices.sound) this.#audio = new AudioContext();
    host.addEventListener("pointerdown", () => this.#audio?.resume(), { passive: true });
  }

  /// The page was hidden or shown (the sidebar listens while it is in the document).
  pageVisibilityChanged() {
    this.#showTitle();
  }

  /// The unread messages of the listed chats changed: tell the host, and the title if hidden.
  setUnread(total) {
    if (total === this.#total) return;
    this.#total = total;
    this.#host.dispatchEvent(new CustomEvent("webchat-unread", { bubbles: true, composed: true, detail: { total } }));
    this.#showTitle();
  }

  /// A chat just joined the list: a toast, and the opted-in sound and notification.
  newChat(chatId, title, preview) {
    const ui = this.#ui;
    ui.toastText.textContent = `New chat: ${title}`;
    ui.toast.dataset.chatId = chatId;
    ui.toast.hidden = false;
    this.#startToastTimer();
    this.#alert(chatId, `New chat: ${title}`, preview);
  }

  /// The toast goes by itself after TOAST_MS, counted again from now.
  #startToastTimer() {
    clearTimeout(this.#toastTimer);
    if (!this.#ui.toast.hidden) this.#toastTimer = setTimeout(() => this.#hideToast(), TOAST_MS);
  }

  /// Someone else wrote in a listed chat that the agent is not looking at.
  newMessage(chatId, title, text) {
    this.#alert(chatId, title, text);
  }

  /// The agent opened a chat: its toast, if it shows one, has done its job.
  chatOpened(chatId) {
    if (this.#ui.toast.dataset.chatId === chatId) this.#hideToast();
  }

  /// The page's title goes back to what it was, for example when the sidebar is removed.
  reset() {
    this.#total = null;
    if (this.#baseTitle !== null) document.title = this.#baseTitle;
    this.#baseTitle = null;
    this.#hideToast();
  }

  #showTitle() {
    const count = document.visibilityState === "hidden" ? this.#total || 0 : 0;
    if (count > 0) {
      if (this.#baseTitle === null) this.#baseTitle = document.title;
      document.title = `(${count}) ${this.#baseTitle}`;
    } else if (this.#baseTitle !== null) {
      document.title = this.#baseTitle;
      this.#baseTitle = null;
    }
  }

  #alert(chatId, title, text) {
    if (this.#choices.sound) this.#chime();
    if (!this.#choices.desktop || permission() !== "granted" || document.visibilityState === "visible") return;
    // One notification per chat (tag): a newer message replaces the older one.
    const notification = new Notification(drawable(title, LIMITS.title), { body: drawable(text, LIMITS.preview), tag: chatId });
    notification.onclick = () => {
      window.focus();
      notification.close();
      this.#openChat(chatId);
    };
  }

  /// Two short sine tones (A5, E6) with a soft attack and decay: audible, not alarming.
  #chime() {
    const now = Date.now();
    if (now - this.#lastSound < SOUND_GAP_MS || !this.#audio) return;
    this.#lastSound = now;
    const audio = this.#audio;
    const start = audio.currentTime;
    for (const [index, frequency] of [880, 1318.5].entries()) {
      const at = start + index * 0.12;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.32);
    }
  }

  #chooseSound(on) {
    this.#choices.sound = on;
    saveChoices(this.#choices);
    if (on) {
      // Made during the click, the audio context may play at once.
      this.#audio ??= new AudioContext();
      this.#audio.resume();
      this.#lastSound = 0;
      this.#chime(); // the agent hears what they chose,
      this.#lastSound = 0; // and the next message still rings
    }
  }

  async #chooseDesktop(on) {
    const ui = this.#ui;
    ui.status.textContent = "";
    if (on && permission() !== "granted") {
      const answer = permission() === "unsupported" ? "unsupported" : await Notification.requestPermission();
      if (answer !== "granted") {
        ui.desktop.checked = false;
        ui.status.textContent = answer === "unsupported" ? "This browser has no desktop notifications."
          : "The browser blocks notifications for this site; allow them in its site settings.";
        on = false;
      }
    }
    this.#choices.desktop = on;
    saveChoices(this.#choices);
  }

  #hideToast() {
    clearTimeout(this.#toastTimer);
    this.#ui.toast.hidden = true;
    delete this.#ui.toast.dataset.chatId;
  }
}

function permission() {
  return globalThis.Notification ? Notification.permission : "unsupported";
}

function loadChoices() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
    return { sound: saved.sound === true, desktop: saved.desktop === true };
  } catch {
    return { sound: false, desktop: false }; // no storage: nothing is remembered
  }
}

function saveChoices(choices) {
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(choices)); } catch { /* no storage */ }
}
