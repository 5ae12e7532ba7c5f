// WebChatKit sidebar: what the chat list knows about a chat — its item, title, preview, order,
// and how two snapshots of it merge. Pure functions over the API's Chat objects (API.md), so
// sidebar.js keeps only the list's state and events.

import { LIMITS, drawable, element, visitorName } from "./chat-common.js";

/// An empty list item for a chat, filled by the sidebar's fillItem.
export function chatItem(id) {
  const item = element("li", "chat");
  item.setAttribute("role", "option");
  item.tabIndex = -1;
  item.dataset.chatId = id;
  const badge = element("span", "unread-badge");
  badge.setAttribute("aria-hidden", "true");
  const title = element("span", "chat-title");
  const preview = element("span", "chat-preview");
  title.dir = preview.dir = "auto"; // right-to-left titles and messages read from the right
  item.append(title, element("time", "chat-time"), preview, element("span", "chat-side", [element("span", "status"), badge]));
  return item;
}

/// The chat's title, else its visitor's name (chat-common.js), else "Chat"; cut to what is drawn.
export function chatTitle(chat) {
  const title = typeof chat.title === "string" ? chat.title.trim() : "";
  return drawable(title || (chat.visitor ? visitorName(chat.visitor) : "Chat"), LIMITS.title);
}

/// The last message on one line, cut before its whitespace is folded (a long text costs nothing);
/// in a search's list, the snippet around the hit instead (plain text from the server).
export function previewOf(chat, myID) {
  if (typeof chat.match?.snippet === "string") return drawable(chat.match.snippet, LIMITS.preview);
  const message = chat.last_message;
  if (!message) return "No messages yet";
  const text = drawable(message.text, LIMITS.preview).replace(/\s+/g, " ").trim();
  // "You: " marks the agent's own words; a system message speaks for itself ("Ada took this chat.").
  return message.sender?.id === myID && message.type !== "system" ? `You: ${text}` : text;
}

/// The chat's newest seq. Seqs have no gaps and notes count in `message_count` without ever
/// being the `last_message` (API.md), so the count is the newest seq whenever it is known.
export function lastSeq(chat) {
  return Math.max(chat.last_message?.seq || 0, chat.message_count || 0);
}

/// Newest activity first, then newest created. Full ties keep the order the server gave (it
/// breaks them by insertion, which clients cannot see), because an item goes after its equals.
export function compareChats(a, b) {
  return compareText(b.last_activity_at, a.last_activity_at) || compareText(b.created_at, a.created_at);
}

function compareText(a = "", b = "") {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CHAT_OWN_FIELDS = ["title", "status", "priority", "is_archived", "visitor", "assignee_id", "metadata", "updated_at"];

/// Two snapshots of one chat: the chat's own fields from the later `updated_at`, the message
/// side (last message, count, activity, unread) from the later message seq.
export function mergeChat(ours, theirs) {
  const next = { ...ours };
  if ((theirs.updated_at || "") >= (ours.updated_at || "")) {
    for (const field of CHAT_OWN_FIELDS) if (field in theirs) next[field] = theirs[field];
  }
  if (lastSeq(theirs) >= lastSeq(ours)) {
    next.last_message = theirs.last_message ?? ours.last_message;
    next.message_count = theirs.message_count ?? ours.message_count;
    next.last_activity_at = theirs.last_activity_at ?? ours.last_activity_at;
    if (theirs.unread_count !== undefined) next.unread_count = theirs.unread_count;
  }
  // A search's answer says where the chat matched (events carry no match: ours stays).
  if (theirs.match) next.match = theirs.match;
  return next;
}


/// Today's time, this year's date, or a full date: what fits the list's narrow time column.
export function shortTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return "";
  const now = new Date();
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (date.getFullYear() === now.getFullYear()) return date.toLocaleDateString([], { month: "short", day: "numeric" });
  return date.toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
}
