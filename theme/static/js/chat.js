// The chat panel. What the reader types only goes into text nodes and is never sent: the
// FAQ index and the crisis lists are fetched once on first open, and Pagefind searches in the
// browser.
import { buildIndex, findAnswer, searchWords } from "./chat-match.js";

const dialog = document.querySelector("[data-chat]");
const fallback = document.querySelector("[data-chat-fallback]");
const launcher = document.querySelector("[data-chat-open]");

let faqIndex = null;
let crisisCheck = null;
let search = null;

/** Return a URL from one of the panel's data attributes, resolved against the page. */
function urlOf(name) {
  return new URL(dialog.dataset[name], document.baseURI);
}

/** Load the FAQ index once; resolve to null when it cannot be had. */
function loadIndex() {
  const url = urlOf("index");
  faqIndex ??= fetch(url)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((entries) => buildIndex(entries.map((entry) => ({ ...entry, url: new URL(entry.url, url) }))))
    .catch(() => null);
  return faqIndex;
}

// Load the crisis matcher and lists once: a function of a message, null or {rest}. Without
// them every message is taken for a crisis, rather than miss one.
function loadCrisisCheck() {
  crisisCheck ??= Promise.all([
    import("./crisis-match.js"),
    fetch(urlOf("crisis")).then((response) => (response.ok ? response.json() : Promise.reject(response.status))),
  ])
    .then(([{ prepareCrisis, findCrisis }, lists]) => {
      const prepared = prepareCrisis(lists);
      return (text) => findCrisis(prepared, text);
    })
    .catch(() => (text) => ({ rest: text }));
  return crisisCheck;
}

/** Return up to three site search results [{url, title}], or [] without a search index. */
async function searchSite(text) {
  try {
    search ??= import("./site-search.js").then(({ openSearch }) =>
      openSearch(urlOf("search"), urlOf("root").pathname),
    );
    const found = await (await search)(text);
    const pages = await Promise.all(found.slice(0, 3).map((result) => result.data()));
    return pages
      .map((page) => ({ url: new URL(page.url, urlOf("root")), title: page.meta.title }))
      .filter((page) => page.url.origin === location.origin);
  } catch {
    return [];
  }
}

/** Return a new element holding only text. */
function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Return a link to a URL of this site, inside a wrapping element. */
function link(url, text, tag = "p", className = "") {
  const anchor = element("a", text);
  anchor.href = url;
  const wrapper = element(tag, "", className);
  wrapper.append(anchor);
  return wrapper;
}

/** Return a copy of one of the panel's prepared blocks (crisis, contact). */
function prepared(name) {
  return dialog.querySelector(`template[data-chat-${name}]`).content.cloneNode(true);
}

/** Add a reply to the log, and say it once through the live region. */
function reply(parts) {
  const message = element("div", "", "chat-msg chat-msg-bot");
  message.append(...parts);
  dialog.querySelector("[data-chat-log]").append(message);
  message.scrollIntoView({ block: "nearest" });
  const status = dialog.querySelector("[data-chat-status]");
  // Emptied first so that the same reply twice is still announced twice.
  status.textContent = "";
  setTimeout(() => {
    status.textContent = message.innerText.replace(/\s+/g, " ").trim();
  }, 50);
}

/** Return the parts of a reply that answers from the FAQ. */
function answerParts(entry) {
  return [
    element("p", entry.question, "chat-question"),
    element("p", entry.answer),
    link(entry.url, `Read it on: ${entry.title}`, "p", "chat-source"),
  ];
}

/** Return the parts of a reply that has no answer: site search results, then the clinic. */
async function noAnswerParts(text) {
  const parts = [element("p", "I don't have an answer to that in our FAQ, and I won't guess.")];
  const words = searchWords(text);
  const pages = words ? await searchSite(words) : [];
  if (pages.length) {
    parts.push(element("p", "These pages of the site may help:"));
    const list = element("ul", "", "chat-links");
    list.append(...pages.map((page) => link(page.url, page.title, "li")));
    parts.push(list);
  }
  parts.push(prepared("contact"));
  return parts;
}

/** Answer one message: crisis resources first when it suggests crisis, then the FAQ. */
async function answer(text) {
  const log = dialog.querySelector("[data-chat-log]");
  log.append(element("p", text, "chat-msg chat-msg-user"));
  const [crisisIn, index] = await Promise.all([loadCrisisCheck(), loadIndex()]);
  const crisis = crisisIn(text);
  // Without the words that suggested a crisis: "self-harming" is no question on safety.
  const entry = index && findAnswer(index, crisis ? crisis.rest : text);
  const parts = crisis ? [prepared("crisis")] : [];
  if (entry) parts.push(...answerParts(entry));
  else if (!crisis) parts.push(...(await noAnswerParts(text)));
  reply(parts);
}

function open() {
  dialog.showModal();
  loadIndex();
  loadCrisisCheck();
}

function enhance() {
  const form = dialog.querySelector("[data-chat-form]");
  const input = form.elements.namedItem("message");
  form.addEventListener("submit", (event) => {
    // First, so that the form never leaves the page even if answering fails.
    event.preventDefault();
    const text = input.value.trim();
    input.value = "";
    if (text) answer(text);
  });
  dialog.querySelector("[data-chat-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => launcher.focus());
  // Tab from the last control goes to the first and back: a modal dialog keeps focus.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const controls = [...dialog.querySelectorAll("a[href], button, input")].filter(
      (control) => control.offsetParent !== null,
    );
    const [first, last] = [controls[0], controls.at(-1)];
    if (event.shiftKey && document.activeElement === first) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first.focus();
      event.preventDefault();
    }
  });
  launcher.addEventListener("click", open);
  // The chat's style loads only where the chat can run, so it never blocks the first render;
  // the button shows once it is styled.
  const style = Object.assign(document.createElement("link"), {
    rel: "stylesheet",
    href: dialog.dataset.style,
  });
  style.setAttribute("data-chat-style", "");
  style.addEventListener("load", () => {
    fallback.hidden = true;
    launcher.hidden = false;
  });
  document.head.append(style);
}

if (dialog && launcher && fallback && typeof dialog.showModal === "function") enhance();
