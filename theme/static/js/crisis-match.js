// Crisis detection for the chat: does a message suggest suicide, self-harm, overdose or wanting
// not to exist? Pure functions, no DOM; the phrase lists are data (plugins/clinic/crisis/*.json,
// built into chat-crisis.json). Tuned for recall: a needless 9-8-8 line costs little, a missed
// crisis a great deal. chat.js imports this on the chat's first open, not on every page.

// Leetspeak read as letters, only inside words that have a letter ("911" and "24/7" stay).
// 1 reads as i or as l: findCrisis tries both.
const LEET = { 0: "o", 3: "e", 4: "a", 5: "s", 7: "t", "@": "a", $: "s" };
// One slip (letter added, left out, changed or swapped) from 5 letters, two from 8; a word of 4
// only with two neighbours swapped ("wnat"), or "live" would match "give" and "life" "wife".
const slipsAllowed = (length) => (length >= 8 ? 2 : length >= 5 ? 1 : 0);
const swapped = (a, b) =>
  a.length === 4 && b.length === 4 && slips(a, b) === 1 && [...a].sort().join() === [...b].sort().join();
// Words that may stand between two words of a phrase of 4 letters or more: "dont really want to
// be alive". None between short ones: "to [think] of myself" is not "to off myself".
const MAX_GAP = 1;
const gapAfter = (a, b) => (a.replace("*", "").length >= 4 && b.replace("*", "").length >= 4 ? MAX_GAP : 0);

/** Return text in lower case, without accents or apostrophes, as a list of its words. */
function wordsOf(text) {
  const folded = String(text)
    .normalize("NFKD")
    // Latin accents; Gurmukhi nukta and addak, which writers often leave out.
    .replace(/[\u0300-\u036f\u0a3c\u0a71]/g, "")
    .replace(/\u0a02/g, "\u0a70") // Gurmukhi bindi counts as tippi: both nasalise
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc]/g, "");
  return folded.match(/[\p{L}\p{M}\p{N}@$]+/gu) ?? [];
}

/** Return a word as the lists are matched: leetspeak read as letters, repeated letters once. */
function readWord(word, one) {
  const read = /\p{L}/u.test(word) ? word.replace(/[0134570@$]/g, (c) => (c === "1" ? one : LEET[c])) : word;
  return read.replace(/[@$]/g, "").replace(/(\p{L})\1+/gu, "$1");
}

/** Return text as the lists are matched: lower case, accents and leetspeak folded, letters once. */
export function normalise(text, one = "i") {
  return wordsOf(text)
    .map((word) => readWord(word, one))
    .filter(Boolean)
    .join(" ");
}

/** Return the edit distance of a and b, a swap of two neighbours counting as one slip. */
export function slips(a, b) {
  let [before, previous] = [[], Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}

/** Return whether a word of the message is a phrase's word, a stem's ending, or a slip of it. */
function sameWord(word, wanted) {
  const stem = wanted.endsWith("*");
  const target = stem ? wanted.slice(0, -1) : wanted;
  const allowed = slipsAllowed(target.length);
  if (!stem) return word === target || swapped(word, target) || (allowed > 0 && slips(word, target) <= allowed);
  for (let n = target.length - allowed; n <= Math.min(word.length, target.length + allowed); n++) {
    if (slips(word.slice(0, n), target) <= allowed) return true;
  }
  return false;
}

/** Return the positions of the words of `phrase` in `words` from `start`, or null. */
function phraseAt(words, phrase, start) {
  if (!sameWord(words[start], phrase[0])) return null;
  if (phrase.length === 1) return [start];
  const last = Math.min(start + 1 + gapAfter(phrase[0], phrase[1]), words.length - 1);
  for (let next = start + 1; next <= last; next++) {
    const rest = phraseAt(words, phrase.slice(1), next);
    if (rest) return [start, ...rest];
  }
  return null;
}

/** Prepare the language lists ({words, substrings}, as in plugins/clinic/crisis/) for findCrisis. */
export function prepareCrisis(lists) {
  const wordOf = (word) => (word.endsWith("*") ? normalise(word.slice(0, -1)) + "*" : normalise(word));
  return {
    phrases: lists.flatMap((list) => list.words ?? []).map((phrase) => phrase.split(/\s+/).map(wordOf)),
    substrings: lists.flatMap((list) => list.substrings ?? []).map((s) => normalise(s).replaceAll(" ", "")),
  };
}

/**
 * Return null when a message suggests no crisis; else {rest}: the message without the words
 * that suggested it, so that what else it asks can still find an FAQ answer.
 */
export function findCrisis(prepared, text) {
  const typed = wordsOf(text);
  let found = null;
  for (const one of ["i", "l"]) {
    const words = typed.map((word) => readWord(word, one));
    const matched = new Set();
    for (const phrase of prepared.phrases) {
      for (let start = 0; start < words.length; start++) {
        for (const position of phraseAt(words, phrase, start) ?? []) matched.add(position);
      }
    }
    const joined = words.join("");
    if (matched.size || prepared.substrings.some((s) => s && joined.includes(s))) {
      found ??= { rest: typed.filter((_, position) => !matched.has(position)).join(" ") };
    }
  }
  return found;
}
