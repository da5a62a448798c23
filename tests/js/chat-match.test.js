// Unit tests of the chat assistant's matcher: `node --test tests/js/` (pytest runs them too).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildIndex,
  findAnswer,
  normalise,
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
    [["therapies", "therapy"], "therapy"],
    [["last", "lasting", "lasts"], "last"],
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

describe("tokens", () => {
  test("drops words that carry no meaning", () => {
    assert.deepEqual(tokens("What is it?"), []);
  });

  for (const [a, b] of [
    ["how long", "duration"],
    ["side effects", "safe"],
    ["risks", "dangerous"],
    ["alongside", "combined"],
    ["antidepressants", "medication"],
    ["eligible", "right for me"],
    ["kick in", "quickly"],
  ]) {
    test(`"${a}" and "${b}" mean the same`, () => {
      assert.deepEqual(tokens(a), tokens(b));
      assert.equal(tokens(a).length, 1);
    });
  }

  test("how long until means how soon, not how long it lasts", () => {
    assert.deepEqual(tokens("how long until it works"), tokens("how soon does it work"));
  });
});

describe("findAnswer", () => {
  const index = buildIndex([
    { question: "Do you offer parking?", answer: "Yes, behind the building." },
    { question: "Is the treatment safe?", answer: "It has few side effects." },
    { question: "How long do the effects last?", answer: "For weeks or months." },
  ]);

  test("finds a question asked in its own words", () => {
    assert.equal(findAnswer(index, "Is the treatment safe?").question, "Is the treatment safe?");
  });

  test("finds a question asked in other words", () => {
    assert.equal(findAnswer(index, "What are the risks?").question, "Is the treatment safe?");
    assert.equal(findAnswer(index, "Will it wear off?").question, "How long do the effects last?");
    assert.equal(findAnswer(index, "where can I leave my car, is there a parking lot").question,
      "Do you offer parking?");
  });

  test("answers nothing rather than guess", () => {
    for (const message of ["", "hello", "What does it cost?", "building"]) {
      assert.equal(findAnswer(index, message), null, message);
    }
  });

  test("an empty FAQ answers nothing", () => {
    assert.equal(findAnswer(buildIndex([]), "Is it safe?"), null);
  });
});
