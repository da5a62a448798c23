// The chat assistant's FAQ matcher: pure functions, no DOM; crisis-match.js detects crisis.
// Runs in the browser (imported by chat.js) and under `node --test` (tests/js/). Nothing here
// sends or stores anything. It knows no question: the other ways each is asked come from the
// FAQ files (`Also asked` notes, docs/writing.md), so it grows with them.

// Words that carry no meaning for matching a question to an answer.
const STOPWORDS = new Set(
  ("a about after again all also am an and any are as at be been being but by can could did " +
    "do does doing for from get got had has have how i if im in into is it its ive just like " +
    "may me might much my of off ok okay on or our please really should so some than thank " +
    "thanks that the their them then there these they this those to too us very was we were " +
    "what when where which who why will with would you your").split(" "),
);

/** Return text in lower case without accents, apostrophes or punctuation. */
export function normalise(text) {
  return String(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2018\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Longest first; each leaves a stem of at least three letters.
const SUFFIXES = ["ingly", "edly", "ness", "ment", "ing", "ous", "ed", "ly", "es", "s", "y", "e"];

/** Return a word without its common English endings (a light stemmer, not Porter's). */
export function stem(word) {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3);
  for (const suffix of SUFFIXES) {
    if (suffix === "s" && word.endsWith("ss")) continue;
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** Return the words of a text worth a site search: all but the stopwords, unstemmed.
 * The site search wants every word it knows on a page, so "is there" would hide the pages
 * about a clinic in Vancouver as soon as some page holds those two words. */
export function searchWords(text) {
  return normalise(text)
    .split(" ")
    .filter((word) => word && !STOPWORDS.has(word))
    .join(" ");
}

/** Return the meaningful tokens of a text: the stems of its words but the stopwords. */
export function tokens(text) {
  return normalise(text)
    .split(" ")
    .filter((word) => word && !STOPWORDS.has(word))
    .map(stem);
}

// BM25 with field weights (BM25F) on word presence: a query word found in an entry counts its
// idf, relative to that of a word in one entry only (a distinctive word: 1), twice when the
// entry is asked with it (question or `Also asked`). Relative idf keeps the scale as entries
// are added. An answer needs both MIN_SCORE (one distinctive asked word, or two answer words)
// and more than MIN_COVERAGE of the message's idf held by the entry, so that one shared word
// in an off-topic message ("Who won the hockey game last night?") gets "I don't know". A word
// no entry holds counts UNKNOWN_IDF there: often it is the reader's own ("see", "during").
const ASKED_WEIGHT = 2;
const MIN_SCORE = 2;
const MIN_COVERAGE = 0.4;
const UNKNOWN_IDF = 0.5;

/** Prepare FAQ entries ({question, also?, answer, ...}) for findAnswer. */
export function buildIndex(entries) {
  const documents = entries.map((entry) => ({
    entry,
    asked: new Set([entry.question, ...(entry.also ?? [])].flatMap(tokens)),
    answer: new Set(tokens(entry.answer)),
  }));
  const counts = new Map();
  for (const doc of documents) {
    for (const token of new Set([...doc.asked, ...doc.answer])) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  const bm25 = (n) => Math.log(1 + (documents.length - n + 0.5) / (n + 0.5));
  const idf = (token) => (counts.has(token) ? bm25(counts.get(token)) / bm25(1) : UNKNOWN_IDF);
  return { documents, idf };
}

/** Return [entry, score, coverage] for each FAQ entry, best first: for tests and tuning. */
export function rank(index, text) {
  const query = [...new Set(tokens(text))];
  const total = query.reduce((sum, token) => sum + index.idf(token), 0);
  const ranked = index.documents.map((doc) => {
    let score = 0;
    let held = 0;
    for (const token of query) {
      const weight = doc.asked.has(token) ? ASKED_WEIGHT : doc.answer.has(token) ? 1 : 0;
      score += weight * index.idf(token);
      if (weight) held += index.idf(token);
    }
    return [doc.entry, score, total ? held / total : 0];
  });
  return ranked.sort((a, b) => b[1] - a[1] || b[2] - a[2]);
}

/** Return the FAQ entry that best answers a message, or null when none answers it well. */
export function findAnswer(index, text) {
  const [best] = rank(index, text);
  if (!best || best[1] < MIN_SCORE - 1e-9 || best[2] <= MIN_COVERAGE) return null;
  return best[0];
}
