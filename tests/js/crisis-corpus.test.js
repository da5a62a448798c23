// The crisis detection over the whole corpus (tests/crisis_corpus/), through the real matcher
// and the real lists: every crisis message is caught, and few ordinary questions are.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, test } from "node:test";

import { findCrisis, normalise, prepareCrisis } from "../../theme/static/js/crisis-match.js";

const LISTS = new URL("../../plugins/clinic/crisis/", import.meta.url);
const CORPUS = new URL("../crisis_corpus/", import.meta.url);
const MAX_FALSE_ALARMS = 0.03;

const lists = readdirSync(LISTS)
  .filter((name) => name.endsWith(".json"))
  .map((name) => ({ name, ...JSON.parse(readFileSync(new URL(name, LISTS), "utf8")) }));
const prepared = prepareCrisis(lists);

/** Return the messages of a corpus file: one a line, without blank lines and # comments. */
function messages(name) {
  return readFileSync(new URL(name, CORPUS), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

const crisisFiles = readdirSync(CORPUS).filter((name) => /^crisis-.+\.txt$/.test(name)).sort();
const caught = (message) => findCrisis(prepared, message) !== null;
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;

describe("the lists", () => {
  test("one file per language: en, fr, zh-Hant, zh-Hans and pa at least", () => {
    const languages = lists.map((list) => list.language);
    for (const language of ["en", "fr", "zh-Hant", "zh-Hans", "pa"]) {
      assert.ok(languages.includes(language), language);
    }
    for (const list of lists) assert.equal(list.name, `${list.language}.json`);
  });

  for (const list of lists) {
    test(`${list.name} names its sources and holds phrases`, () => {
      assert.ok(list.sources.length >= 1 && list.sources.every((s) => s.length > 20));
      assert.ok(list.words.length + list.substrings.length >= 20);
    });

    test(`${list.name} has no phrase twice and none that normalises to nothing`, () => {
      const phrases = [...list.words, ...list.substrings];
      const seen = phrases.map((phrase) => normalise(phrase.replace(/\*$/, "")));
      assert.ok(seen.every(Boolean));
      assert.deepEqual(
        seen.filter((phrase, i) => seen.indexOf(phrase) !== i),
        [],
      );
    });
  }

  test("Traditional and Simplified Chinese list the same wordings, entry for entry", () => {
    const byLanguage = Object.fromEntries(lists.map((list) => [list.language, list]));
    assert.equal(byLanguage["zh-Hant"].substrings.length, byLanguage["zh-Hans"].substrings.length);
  });
});

describe("the corpus", () => {
  test("holds 150 crisis messages or more in every language, and 100 ordinary questions", () => {
    const sizes = Object.fromEntries(crisisFiles.map((name) => [name, messages(name).length]));
    assert.ok(Object.values(sizes).reduce((a, b) => a + b) >= 150, JSON.stringify(sizes));
    for (const language of ["en", "fr", "zh-Hant", "zh-Hans", "pa"]) {
      assert.ok(sizes[`crisis-${language}.txt`] >= 20, language);
    }
    assert.ok(messages("ordinary.txt").length >= 100);
  });

  let total = 0;
  for (const name of crisisFiles) {
    const missed = messages(name).filter((message) => !caught(message));
    total += messages(name).length;
    test(`every message of ${name} brings the crisis resources`, (t) => {
      const size = messages(name).length;
      t.diagnostic(`${name}: ${size} messages, recall ${percent(size - missed.length, size)}`);
      assert.deepEqual(missed, []);
    });
  }

  test("ordinary questions bring them under 3% of the time", (t) => {
    const ordinary = messages("ordinary.txt");
    const alarms = ordinary.filter(caught);
    t.diagnostic(`crisis messages: ${total} in ${crisisFiles.length} files`);
    t.diagnostic(
      `ordinary.txt: ${ordinary.length} questions, false alarms ${alarms.length} ` +
        `(${percent(alarms.length, ordinary.length)})${alarms.length ? ": " : ""}${alarms.join(" | ")}`,
    );
    assert.ok(alarms.length / ordinary.length < MAX_FALSE_ALARMS, alarms.join("\n"));
  });

  test("the questions chosen to bring the resources all do", () => {
    assert.deepEqual(messages("ordinary-with-resources.txt").filter((m) => !caught(m)), []);
  });
});
