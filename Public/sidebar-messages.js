// WebChatKit sidebar: how one message of the open conversation is drawn. sidebar.js places the
// items by seq and groups them (chat-common.js `regroup`, which reads `shownMessages`).
//
// Every text goes in with textContent (chat-common.js `element`), never parsed as HTML.

import { LIMITS, drawable, element } from "./chat-common.js";

/// The message each drawn item of a thread shows, for grouping (chat-common.js `regroup`).
export const shownMessages = new WeakMap();

/// A message's list item: sender and time over the bubble. `mine` puts it on the agent's side,
/// `senderName` is who wrote it as the agent should read it, `pending` shows "Sending…" while
/// the server has not confirmed it yet.
export function messageItem(message, { mine, senderName, pending = false }) {
  const system = message.type === "system";
  const item = element("li", `message${mine ? " mine" : ""}${system ? " system" : ""}${pending ? " pending" : ""}`);
  const meta = element("div", "meta", system ? "" : senderName);
  const time = element("time", "", pending ? "Sending…" : clockTime(message.created_at));
  if (!pending && message.created_at) {
    time.dateTime = message.created_at;
    time.title = new Date(message.created_at).toLocaleString();
  }
  meta.append(time);
  const bubble = element("div", "bubble", drawable(message.text, LIMITS.message));
  bubble.dir = "auto";
  item.append(meta, bubble);
  if (!pending) shownMessages.set(item, message);
  return item;
}

function clockTime(iso) {
  const date = new Date(iso);
  return !iso || Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
