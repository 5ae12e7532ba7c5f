// The widget's strings in English: the reference table every other locale has the keys of.
// Dates, numbers and names go through formats() (widget-strings.js) so they follow the locale.
import { formats } from "../widget-strings.js";

const { number, plural, list, day } = formats("en");

export default {
  // The launcher and the panel.
  title: "Chat with us",
  greeting: "Hi! How can we help you today?",
  openChat: "Open chat",
  closeChat: "Close chat",
  /// The launcher's label with an unread count; `action` is the key of its label without one.
  withUnread(action, count) {
    return `${this[action]}, ${plural(count, { one: "# unread message", other: "# unread messages" })}`;
  },
  earlier: "Show earlier messages",
  messages: "Messages",
  messageLabel: "Message",
  placeholder: "Write a message…",
  send: "Send",
  sending: "Sending…",
  retry: "Not sent. Retry",
  typing: (names) => (names.length === 1 ? `${names[0]} is typing…` : `${list(names)} are typing…`),
  bot: "Bot",
  support: "Support",
  // System messages, drawn from their data (the server's text is English): who ended the chat
  // (null: the visitor), the status it has now, whether someone of the team has it.
  systemEnded: (name) => (name ? `${name} ended the conversation.` : "You ended the conversation."),
  systemStatus: (status) => ({ open: "The conversation was reopened.", pending: "The conversation is on hold.", resolved: "The conversation was resolved.", closed: "The conversation was closed." })[status],
  systemAssigned: (assigned) => (assigned ? "An agent joined the conversation." : "The conversation is waiting for an agent."),
  systemHandoff: (mine) => (mine ? "You asked to talk to a person. Someone from our team will reply here." : "Our team has taken over this conversation."),
  // The connection.
  connected: "Connected",
  polling: "Connected (delayed updates)",
  offline: "Offline, reconnecting…",
  connecting: "Connecting…",
  unavailable: "Chat is unavailable right now",
  // The header's actions.
  conversations: "Your conversations",
  talkToPerson: "Talk to a person",
  personFailed: "We could not reach our team. Please try again.",
  endChat: "End chat",
  // Ending.
  endQuestion: "End this conversation?",
  endConfirm: "End chat",
  endCancel: "Keep chatting",
  endFailed: "The chat could not be ended. Please try again.",
  ended: "This conversation has ended.",
  newConversation: "Start a new conversation",
  // Rating.
  rateQuestion: "How was this conversation?",
  stars: (count) => plural(count, { one: "# star", other: "# stars" }),
  commentLabel: "Comment (optional)",
  sendRating: "Send rating",
  chooseStars: `Choose from ${number(1)} to ${number(5)} stars.`,
  ratingFailed: "The rating could not be sent. Please try again.",
  ratingThanks: "Thanks for your feedback!",
  yourRating: (score) => `You rated this conversation ${number(score)} out of ${number(5)}.`,
  // Away mode and the email.
  awayTitle: "We're away right now",
  awayDefault: "Leave a message and we'll get back to you.",
  emailLabel: "Your email",
  emailHint: "We'll reply there if you have left.",
  emailSave: "Save",
  emailInvalid: "Enter an email address such as ada@example.com.",
  emailFailed: "The email could not be saved. Please try again.",
  emailSaved: (email) => `Thanks! We'll reply to ${email}.`,
  // Earlier conversations.
  back: "Back",
  noConversations: "No conversations yet.",
  showMore: "Show more",
  loadFailed: "Could not load. Please try again.",
  untitled: "Conversation",
  statusOpen: "Open",
  statusEnded: "Ended",
  started: (date) => `Started ${day(date)}`,
  transcriptTitle: (date) => `Conversation of ${day(date)}`,
  readOnly: "This is an earlier conversation; it cannot be answered here.",
};
