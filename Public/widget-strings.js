// WebChatKit widget: the visible text of the visitor's side (away mode, email capture, ending and
// rating a chat, earlier conversations), in one table so that translations can follow: a locale
// is another object with the same keys. Values are plain text (they go into the page as text);
// the functions take the numbers, dates and addresses a sentence needs, so that each language
// orders and inflects them its own way.

export const en = {
  // The header's actions.
  conversations: "Your conversations",
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
  stars: (count) => (count === 1 ? "1 star" : `${count} stars`),
  commentLabel: "Comment (optional)",
  sendRating: "Send rating",
  chooseStars: "Choose from 1 to 5 stars.",
  ratingFailed: "The rating could not be sent. Please try again.",
  ratingThanks: "Thanks for your feedback!",
  yourRating: (score) => `You rated this conversation ${score} out of 5.`,
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
  started: (date) => `Started ${date}`,
  transcriptTitle: (date) => `Conversation of ${date}`,
  readOnly: "This is an earlier conversation; it cannot be answered here.",
};
