// WebChatKit: what the widget, the sidebar and the realtime client share, so that each rule
// exists once: client ids, reading a token's claims, the names of anonymous visitors, grouping
// of consecutive messages, keeping hostile text cheap to draw, composers that fit their text, and
// (for the sidebar's modules) making an element whose text goes in as text.
// A module with no side effects; widget.js imports it from the same server as itself.

/// Messages of one sender closer together than this share one name and time (a group).
const GROUP_GAP_MS = 5 * 60 * 1000;

/// At most this many code points of a text are drawn: a message (the contract's maximum), a
/// list preview or a title. The rest is never laid out.
export const LIMITS = { message: 8000, preview: 200, title: 200 };

/// At most this many combining marks stay on one character. Real scripts need a handful;
/// hundreds of thousands on one letter ("Zalgo" text) would freeze the tab's text layout.
const MARKS_PER_CHARACTER = 8;

/// The client_id of a send (contract §4 idempotency key).
export function newClientID() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

/// The claims of a JWT, read without checking it (the server does that): who we are, so our
/// own messages are told apart before the server says so. {} when it cannot be read.
export function tokenClaims(token) {
  try {
    const payload = atob(String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(payload, (c) => c.charCodeAt(0))));
    return claims && typeof claims === "object" ? claims : {};
  } catch {
    return {}; // not a JWT: the server will refuse it and say so
  }
}

const ADJECTIVES = ["Amber", "Brave", "Calm", "Clever", "Cosy", "Curious", "Daring", "Eager", "Gentle", "Golden",
  "Happy", "Honest", "Jolly", "Kind", "Lively", "Lucky", "Mellow", "Merry", "Nimble", "Patient", "Polite", "Proud",
  "Quick", "Quiet", "Rapid", "Silver", "Sunny", "Swift", "Tidy", "Witty", "Wise", "Zesty"];
const ANIMALS = ["Badger", "Beaver", "Bison", "Crane", "Dolphin", "Falcon", "Ferret", "Finch", "Fox", "Gecko",
  "Heron", "Ibis", "Koala", "Lemur", "Lynx", "Marten", "Moose", "Narwhal", "Otter", "Owl", "Panda", "Pelican",
  "Puffin", "Quail", "Raven", "Robin", "Seal", "Sparrow", "Stork", "Tapir", "Walrus", "Wombat"];

/// A readable name for a visitor: their own name or email when they gave one, else a two-word
/// name derived from their id ("Sunny Otter"), the same for that visitor everywhere and always.
export function visitorName(visitor) {
  if (!visitor) return "Visitor";
  if (visitor.name) return String(visitor.name);
  if (visitor.email) return String(visitor.email);
  return visitor.id ? generatedName(String(visitor.id)) : "Visitor";
}

/// FNV-1a over the id's UTF-16 units: 32 × 32 names, spread evenly, stable across browsers.
function generatedName(id) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return `${ADJECTIVES[hash % ADJECTIVES.length]} ${ANIMALS[(hash >>> 8) % ANIMALS.length]}`;
}

/// Marks a message's node, just drawn or placed, and the node after it: "continues" when a node
/// continues the group of the one before it (same sender, GROUP_GAP_MS at most apart, no system
/// message), "more" when the next one continues its group. `messageOf` maps nodes to messages;
/// CSS then shows one name and time per group.
export function regroup(node, messageOf) {
  for (const current of [node, node?.nextElementSibling]) {
    if (!current) continue;
    const previous = current.previousElementSibling;
    const joined = Boolean(previous && continuesGroup(messageOf.get(previous), messageOf.get(current)));
    current.classList.toggle("continues", joined);
    previous?.classList.toggle("more", joined);
  }
}

function continuesGroup(previous, message) {
  if (!previous || !message || previous.type === "system" || message.type === "system") return false;
  if (!previous.sender?.id || previous.sender.id !== message.sender?.id) return false;
  const gap = Date.parse(message.created_at) - Date.parse(previous.created_at);
  return gap >= 0 && gap <= GROUP_GAP_MS;
}

/// Text as it is safe to draw: at most a few combining marks per character, then at most
/// `limit` code points (with "…" when cut). Regular expressions do the work natively, in
/// linear time, with no per-character JavaScript.
export function drawable(text, limit) {
  let result = String(text ?? "").replace(EXCESS_MARKS, "$1");
  if (result.length > limit) {
    const kept = result.match(new RegExp(`^[^]{0,${limit}}`, "u"))[0];
    if (kept.length < result.length) result = kept + "…";
  }
  return result;
}

/// A run of combining marks past MARKS_PER_CHARACTER; the first ones are kept ($1).
const EXCESS_MARKS = new RegExp(`(\\p{M}{${MARKS_PER_CHARACTER}})\\p{M}+`, "gu");

/// Keeps a textarea sized to its text: one line at least, `maxHeight` px at most, a scrollbar only
/// above that. It is fitted on input, and again whenever its width changes, which includes being
/// shown after it was hidden (a hidden textarea has nothing to measure). Returns the fitting
/// function, for changes of its value made by code.
export function fittedComposer(textarea, maxHeight) {
  const fit = () => {
    if (textarea.getClientRects().length === 0) return; // hidden: fitted when shown
    textarea.style.height = "auto";
    // scrollHeight leaves out the borders, which a border-box height includes.
    const style = getComputedStyle(textarea);
    const wanted = textarea.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    textarea.style.height = Math.min(wanted, maxHeight) + "px";
    textarea.style.overflowY = wanted > maxHeight ? "auto" : "hidden";
  };
  let width = -1;
  // Refitted in the next frame: resizing an observed element inside its own callback is a loop.
  new ResizeObserver(([entry]) => {
    if (entry.contentRect.width === width) return;
    width = entry.contentRect.width;
    requestAnimationFrame(fit);
  }).observe(textarea);
  textarea.addEventListener("input", fit);
  return fit;
}

/// An element with a class and text (or children); text always goes in as text.
export function element(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (Array.isArray(content)) node.append(...content);
  else if (content !== undefined) node.textContent = content;
  return node;
}
