// Ask a matcher every paraphrase and off-topic message; print what it answered, as JSON.
// node tests/js/chat-accuracy.mjs MATCHER.js CHAT-INDEX.json PARAPHRASES.json OFF-TOPIC.json
// (tests/test_chat_paraphrases.py and bench/chat_accuracy.py run it on built sites.)
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [matcher, indexFile, paraphraseFile, offTopicFile] = process.argv.slice(2);
const { buildIndex, findAnswer } = await import(pathToFileURL(resolve(matcher)).href);
const read = (file) => JSON.parse(readFileSync(file, "utf8"));
const index = buildIndex(read(indexFile));
const answered = (message) => findAnswer(index, message)?.question ?? null;
const paraphrases = Object.entries(read(paraphraseFile)).flatMap(([question, messages]) =>
  messages.map((message) => ({ message, expected: question, answered: answered(message) })),
);
const offTopic = read(offTopicFile).map((message) => ({ message, answered: answered(message) }));
console.log(JSON.stringify({ paraphrases, offTopic }));
