// Unit tests of the crisis matcher (theme/static/js/crisis-match.js); the corpus test runs the
// real lists over the whole corpus.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { findCrisis, normalise, prepareCrisis, slips } from "../../theme/static/js/crisis-match.js";

describe("normalise", () => {
  for (const [text, expected] of [
    ["Don’t  STOP—Café's!", "dont stop cafes"],
    ["k1ll myse1f", "kil myseif"],
    ["$uic1de 0verd0se @ll", "suicide overdose al"],
    ["call 911, 24/7", "cal 911 24 7"],
    ["dieeeee sooo", "die so"],
    ["ਖ਼ੁਦਕੁਸ਼ੀ", "ਖੁਦਕੁਸੀ"],
    ["ਬਿਨਾਂ", "ਬਿਨਾੰ"],
    ["我不想活了！", "我不想活了"],
  ]) {
    test(`"${text}" reads as "${expected}"`, () => assert.equal(normalise(text), expected));
  }

  test("1 reads as l when asked", () => assert.equal(normalise("k1ll", "l"), "kl"));
});

describe("slips", () => {
  for (const [a, b, expected] of [
    ["suicidal", "suicidal", 0],
    ["suicdal", "suicidal", 1],
    ["myslef", "myself", 1],
    ["overdoes", "overdose", 1],
    ["cat", "dog", 3],
  ]) {
    test(`${a} is ${expected} from ${b}`, () => assert.equal(slips(a, b), expected));
  }
});

describe("findCrisis", () => {
  const prepared = prepareCrisis([
    { words: ["kill myself", "suicid*", "dont want to be alive", "to off myself", "live"] },
    { substrings: ["不想活", "ਮਰਨਾ ਚਾਹੁੰਦ"] },
  ]);
  const found = (text) => findCrisis(prepared, text) !== null;

  test("finds a phrase in any case, with typos in longer words", () => {
    for (const text of ["I want to KILL MYSELF", "kil myslef", "I feel suicdal", "su1c1dal"]) {
      assert.ok(found(text), text);
    }
  });

  test("a stem matches its endings", () => {
    assert.ok(found("suicide"));
    assert.ok(found("suicidaire"));
  });

  test("one word may stand between long words of a phrase, none between short ones", () => {
    assert.ok(found("I dont really want to be alive"));
    assert.ok(found("going to off myself"));
    assert.ok(!found("I want to think of myself"));
  });

  test("short words must be exact, or swapped", () => {
    assert.ok(!found("give"));
    assert.ok(found("lvie"));
  });

  test("substrings match in text without spaces, whatever the spacing", () => {
    assert.ok(found("我真的不想活了"));
    assert.ok(found("ਮੈਂ ਮਰਨਾ ਚਾਹੁੰਦੀ ਹਾਂ"));
    assert.ok(found("ਮੈਂ ਮਰਨਾਚਾਹੁੰਦਾ"));
  });

  test("ordinary questions are no crisis", () => {
    for (const text of ["Is it safe?", "How do I take care of myself?", "", "副作用多久會消失？"]) {
      assert.equal(findCrisis(prepared, text), null, text);
    }
  });

  test("returns what else the message says, for the FAQ", () => {
    assert.deepEqual(findCrisis(prepared, "I feel suicidal. Is ketamine therapy safe?"), {
      rest: "i feel is ketamine therapy safe",
    });
  });
});
