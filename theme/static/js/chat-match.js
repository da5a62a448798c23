// The chat assistant's FAQ matcher: pure functions, no DOM; crisis-match.js detects crisis.
// Runs in the browser (imported by chat.js) and under `node --test` (tests/js/). Nothing here
// sends or stores anything.

// Words that carry no meaning for matching a question to an answer.
const STOPWORDS = new Set(
  ("a about after all am an and any are as at be been being but by can could did do does " +
    "for from get got had has have how i if in into is it its just me my of on or our so " +
    "some than that the their them then there these they this those to too us was we were " +
    "what when where which who why will with would you your").split(" "),
);

// Synonyms: each group becomes one token, so "side effects" finds an answer about safety.
// Members as normalise() leaves them; phrases replace before words, longest first.
const SYNONYMS = {
  quick: "quick, quickly, fast, soon, rapid, rapidly, speed, onset, immediate, immediately, " +
    "instant, right away, how soon, kick in, kicks in, start working, how long until, " +
    "how long before",
  last: "last, lasting, duration, persist, persists, wear off, wears off, permanent, " +
    "long term, durable, how long",
  risk: "safe, safety, safely, risk, risks, risky, danger, dangerous, harm, harmful, " +
    "side effects, adverse, unsafe, worry",
  combine: "combine, combined, combination, together, alongside, along with, mix, " +
    "keep taking, at the same time",
  medication: "medication, medicine, meds, drug, pill, prescription, antidepressant, ssri",
  treatment: "treatment, therapy, therapies",
  candidate: "candidate, eligible, eligibility, qualify, suitable, suit, right for me, " +
    "good fit, appropriate, ideal",
  benefit: "benefit, effect, result, outcome, improvement, feel better, difference, relief",
};

const PHRASES = [];
const CONCEPT_OF = new Map();
for (const [concept, members] of Object.entries(SYNONYMS)) {
  for (const member of members.split(", ")) {
    if (member.includes(" ")) PHRASES.push([member, concept]);
    else CONCEPT_OF.set(stem(member), "~" + concept);
  }
}
PHRASES.sort((a, b) => b[0].length - a[0].length);

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

/** Return a word without its common English endings (a light stemmer, not Porter's). */
export function stem(word) {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  for (const suffix of ["ingly", "edly", "ing", "ed", "ly", "es", "s", "e"]) {
    if (suffix === "s" && word.endsWith("ss")) continue;
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** Return the meaningful tokens of a text: stems, with synonyms folded into one concept. */
export function tokens(text) {
  let padded = ` ${normalise(text)} `;
  for (const [phrase, concept] of PHRASES) {
    padded = padded.replaceAll(` ${phrase} `, ` ~${concept} `);
  }
  return padded
    .split(" ")
    .filter((word) => word && !STOPWORDS.has(word))
    .map((word) => (word[0] === "~" ? word : CONCEPT_OF.get(stem(word)) ?? stem(word)));
}

// A word weighs its BM25 idf over that of a word in one entry only (a distinctive word: 1),
// twice in a question. Under MIN_SCORE is no answer: one distinctive question word or two
// answer words are needed, as a lone answer word ("hours") is too weak a reason.
const QUESTION_WEIGHT = 2;
const MIN_SCORE = 2;

/** Prepare FAQ entries ({question, answer, ...}) for findAnswer. */
export function buildIndex(entries) {
  const documents = entries.map((entry) => ({
    entry,
    question: new Set(tokens(entry.question)),
    answer: new Set(tokens(entry.answer)),
  }));
  const counts = new Map();
  for (const doc of documents) {
    for (const token of new Set([...doc.question, ...doc.answer])) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  const bm25 = (n) => Math.log(1 + (documents.length - n + 0.5) / (n + 0.5));
  const idf = (token) => bm25(counts.get(token) ?? 0) / bm25(1);
  return { documents, idf };
}

/** Return the FAQ entry that best answers a message, or null when none answers it well. */
export function findAnswer(index, text) {
  const query = new Set(tokens(text));
  let best = null;
  let bestScore = MIN_SCORE - 1e-9;
  for (const doc of index.documents) {
    let score = 0;
    for (const token of query) {
      if (doc.question.has(token)) score += QUESTION_WEIGHT * index.idf(token);
      else if (doc.answer.has(token)) score += index.idf(token);
    }
    if (score > bestScore) [best, bestScore] = [doc.entry, score];
  }
  return best;
}
