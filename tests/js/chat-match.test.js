// Unit tests of the chat assistant's matcher: `node --test tests/js/` (pytest runs them too).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildIndex,
  findAnswer,
  normalise,
  searchWords,
  stem,
  tokens,
} from "../../theme/static/js/chat-match.js";

describe("normalise", () => {
  test("folds case, accents, apostrophes and punctuation", () => {
    assert.equal(normalise("  Don’t   STOP—Café's Self-Harm?! "), "dont stop cafes self harm");
  });

  test("accepts anything and returns a string", () => {
    assert.equal(normalise(42), "42");
    assert.equal(normalise("<img src=x onerror=alert(1)>"), "img src x onerror alert 1");
  });
});

describe("stem", () => {
  for (const [words, expected] of [
    [["combine", "combined", "combining", "combines"], "combin"],
    [["effect", "effects"], "effect"],
    [["therapies", "therapy"], "therap"],
    [["risky", "risks", "risk"], "risk"],
    [["dangerous", "dangers"], "danger"],
  ]) {
    test(`${words.join(", ")} share one stem`, () => {
      assert.deepEqual(new Set(words.map(stem)), new Set([expected]));
    });
  }

  test("leaves short words and double s alone", () => {
    assert.equal(stem("is"), "is");
    assert.equal(stem("less"), "less");
  });
});

describe("searchWords", () => {
  test("asks the site search only the words that mean something, as written", () => {
    assert.equal(searchWords("Is there a clinic in Vancouver?"), "clinic vancouver");
    assert.equal(searchWords("What is it?"), "");
  });
});

describe("tokens", () => {
  test("drops words that carry no meaning", () => {
    assert.deepEqual(tokens("What is it?"), []);
  });

  test("knows no synonyms: the FAQ files' `Also asked` notes bring them", () => {
    assert.notDeepEqual(tokens("side effects"), tokens("safe"));
  });
});

describe("findAnswer", () => {
  const entries = [
    { question: "Do you offer parking?", answer: "Yes, behind the building." },
    {
      question: "Is the treatment safe?",
      also: ["What are the risks?", "Are there side effects?"],
      answer: "It is considered safe.",
    },
    {
      question: "How long do the effects last?",
      also: ["Does it wear off?"],
      answer: "For weeks or months.",
    },
  ];
  const index = buildIndex(entries);

  test("finds a question asked in its own words", () => {
    assert.equal(findAnswer(index, "Is the treatment safe?").question, "Is the treatment safe?");
  });

  test("finds a question asked in the words of its Also asked notes", () => {
    assert.equal(findAnswer(index, "How risky is it?").question, "Is the treatment safe?");
    assert.equal(findAnswer(index, "Will it wear off?").question, "How long do the effects last?");
    assert.equal(findAnswer(index, "is there a parking lot nearby").question,
      "Do you offer parking?");
  });

  test("an entry without Also asked notes is found by its own words only", () => {
    const bare = buildIndex(entries.map(({ also, ...entry }) => entry));
    assert.equal(findAnswer(bare, "How risky is it?"), null);
  });

  test("answers nothing rather than guess", () => {
    for (const message of ["", "hello", "What does it cost?", "building"]) {
      assert.equal(findAnswer(index, message), null, message);
    }
  });

  test("one shared word in an off-topic message is no answer", () => {
    assert.equal(findAnswer(index, "Is the Vancouver aquarium safe for kids?"), null);
  });

  test("more entries keep the answers found", () => {
    const more = Array.from({ length: 40 }, (_, n) => ({
      question: `Is question ${n} about topic${n}?`,
      answer: "An answer about the treatment and its effects.",
    }));
    const grown = buildIndex([...entries, ...more]);
    assert.equal(findAnswer(grown, "How risky is it?").question, "Is the treatment safe?");
    assert.equal(findAnswer(grown, "Will it wear off?").question, "How long do the effects last?");
  });

  test("an empty FAQ answers nothing", () => {
    assert.equal(findAnswer(buildIndex([]), "Is it safe?"), null);
  });
});
