// Runs the web editor's file formats (plugins/editor/static/formats.js) as Decap CMS does, for
// tests/test_editor_formats.py: reads a JSON list of requests on stdin, writes the answers.
//   {"format": "pelican", "options": {...}, "read": "text"}    -> the entry's data
//   {"format": "pelican", "options": {...}, "write": {data}}   -> the file's text
import { readFileSync } from "node:fs";

await import(new URL("../../plugins/editor/static/formats.js", import.meta.url));
const { pelicanFormat, faqFormat, altTextFormat } = globalThis.ClinicFormats;
const FORMATS = { pelican: pelicanFormat, "pelican-faq": faqFormat, "alt-text-toml": altTextFormat };

const requests = JSON.parse(readFileSync(0, "utf8"));
const answers = requests.map((request) => {
  const format = FORMATS[request.format](request.options || {});
  // Decap hands a format plain objects, as JSON would carry them.
  if ("read" in request) return JSON.parse(JSON.stringify(format.fromFile(request.read)));
  return format.toFile(request.write);
});
process.stdout.write(JSON.stringify(answers));
