// WebChatKit sidebar: how one message of the open conversation is drawn. sidebar.js places the
// items by seq and groups them (chat-common.js `regroup`, which reads `shownMessages`).
//
// Every text goes in with textContent (chat-common.js `element`), never parsed as HTML.

import { LIMITS, drawable, element } from "./chat-common.js";

/// The message each drawn item of a thread shows, for grouping (chat-common.js `regroup`).
export const shownMessages = new WeakMap();

/// A message's list item. A text or note: sender and time over the bubble, a note yellow and
/// tagged "Private note" (contract §10: visibly different; only staff ever receive one). A system
/// message: one centered activity line with its time. `mine` puts it on the agent's side,
/// `senderName` is who wrote it as the agent should read it, `pending` shows "Sending…" while
/// the server has not confirmed it yet.
export function messageItem(message, { mine, senderName, pending = false }) {
  const item = message.type === "system" ? activityLine(message) : bubbleItem(message, { mine, senderName, pending });
  if (!pending) shownMessages.set(item, message);
  return item;
}

function bubbleItem(message, { mine, senderName, pending }) {
  const note = message.type === "note";
  const item = element("li", `message${mine ? " mine" : ""}${note ? " note" : ""}${pending ? " pending" : ""}`);
  const meta = element("div", "meta", senderName);
  meta.append(timeOf(message, pending));
  const bubble = element("div", "bubble", drawable(message.text, LIMITS.message));
  bubble.dir = "auto";
  item.append(meta);
  if (note) item.append(element("span", "note-tag", "Private note"));
  item.append(bubble);
  return item;
}

/// "Bo assigned this chat to Ann. 14:02": the server's text for people (its `data` is for
/// programs), drawn as text.
function activityLine(message) {
  const text = element("span", "activity-text", drawable(message.text, LIMITS.message));
  text.dir = "auto";
  return element("li", "message system", [element("p", "activity", [text, timeOf(message, false)])]);
}

function timeOf(message, pending) {
  const time = element("time", "", pending ? "Sending…" : clockTime(message.created_at));
  if (!pending && message.created_at) {
    time.dateTime = message.created_at;
    time.title = new Date(message.created_at).toLocaleString();
  }
  return time;
}

function clockTime(iso) {
  const date = new Date(iso);
  return !iso || Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
