// The editor's file formats: what Decap CMS reads from our files and writes back to them.
//
//   pelican        an article or page: Pelican's `Key: value` header, an empty line, Markdown
//   pelican-faq    an FAQ file: the same header, then `## Question` sections, each with its
//                  `[//]: # "Also asked: A | B"` note and its answer
//   alt-text-toml  content/alt-text.toml: one table per image, alt, caption or decorative
//
// Pure, with no Decap in it: editor.js registers these with CMS.registerCustomFormat, and
// tests/test_editor_formats.py runs them under Node over every file the editor opens.
//
// Saving a file nobody edited gives back its bytes: each part keeps the text it was read
// from (in the entry's hidden `__source`), and is written as it was while its value is
// unchanged; only what the writer changed is written anew, in the canonical form.
(function (root) {
  "use strict";

  const META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  const MORE_LINE = /^[ ]{4,}(.*)$/;
  const FENCE_LINE = /^\s*(`{3,}|~{3,})/;
  const QUESTION_LINE = /^##(?!#)\s*(.*?)\s*#*\s*$/;
  const ALSO_ASKED_LINE = /^\[\/\/\]:\s*#\s*"\s*also asked:([^"]*)"\s*$/i;
  const TABLE_LINE = /^\s*\[\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.\/-]+)\s*\]\s*$/;
  const KEY_LINE = /^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$/;
  const SOURCE = "__source";
  const BODY = "body";
  const DECORATIVE = "decorative";

  function same(a, b) {
    return JSON.stringify(a ?? "") === JSON.stringify(b ?? "");
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  // Header ----------------------------------------------------------------------------------

  // Split a text into its header entries (each with the lines it was written on), the empty
  // line that ends the header, and the rest: as Python-Markdown's meta extension reads it.
  function readHeader(text) {
    const lines = text.split("\n");
    const entries = [];
    let index = 0;
    for (; index < lines.length; index++) {
      const line = lines[index];
      const meta = META_LINE.exec(line);
      const more = MORE_LINE.exec(line);
      if (!line.trim()) break;
      if (meta) {
        entries.push({ name: meta[1], value: meta[2].trim(), raw: [line] });
      } else if (more && entries.length) {
        const last = entries[entries.length - 1];
        last.value += "\n" + more[1].trim();
        last.raw.push(line);
      } else {
        break;
      }
    }
    const rawHeader = lines.slice(0, index);
    let separator = "";
    if (index < lines.length && !lines[index].trim() && index < lines.length - 1) {
      separator = lines[index] + "\n";
      index += 1;
    }
    // A file of nothing but a header may end without a line break.
    const lineBreak = rawHeader.length && index < lines.length ? "\n" : "";
    const consumed = rawHeader.join("\n") + lineBreak;
    const rest = text.slice(consumed.length + separator.length);
    return { entries, lineBreak, separator, rest };
  }

  function fromHeader(text, listKeys) {
    const header = readHeader(text);
    const data = {};
    const order = [];
    for (const entry of header.entries) {
      const key = entry.name.toLowerCase();
      if (key in data || key === BODY || key === SOURCE) continue; // the build names it
      let value = entry.value;
      if (listKeys.includes(key)) value = value.split(",").map((s) => s.trim()).filter(Boolean);
      data[key] = value;
      order.push({ key, name: entry.name, value, raw: entry.raw.join("\n") });
    }
    const { lineBreak, separator, rest } = header;
    return { data, order, lineBreak, separator, rest };
  }

  function canonicalLine(name, value) {
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    const [first, ...more] = text.replace(/\r/g, "").split("\n");
    return [`${name}: ${first.trim()}`, ...more.map((line) => `    ${line.trim()}`)].join("\n");
  }

  function toHeader(data, source, names, skip, more) {
    const lines = [];
    const written = new Set(skip);
    for (const entry of source ? source.order : []) {
      written.add(entry.key);
      const value = data[entry.key];
      if (isEmpty(value)) continue;
      lines.push(same(value, entry.value) ? entry.raw : canonicalLine(entry.name, value));
    }
    const known = new Map(names.map((name) => [name.toLowerCase(), name]));
    for (const key of [...known.keys(), ...Object.keys(data)]) {
      if (written.has(key) || key === SOURCE || isEmpty(data[key])) continue;
      written.add(key);
      lines.push(canonicalLine(known.get(key) || key, data[key]));
    }
    const separator = source ? source.separator : "\n";
    const lineBreak = source && !source.lineBreak && !more ? "" : "\n";
    return (lines.length ? lines.join("\n") + lineBreak : "") + separator;
  }

  // Articles and pages ----------------------------------------------------------------------

  function pelicanFormat(options) {
    const names = options.names || [];
    const listKeys = options.listKeys || [];
    return {
      fromFile(text) {
        const { data, order, lineBreak, separator, rest } = fromHeader(text, listKeys);
        data[BODY] = rest;
        data[SOURCE] = { order, lineBreak, separator, body: rest };
        return data;
      },
      toFile(data) {
        const source = data[SOURCE];
        let body = data[BODY] ?? "";
        // A text the writer typed ends with a line break, as text files do.
        if ((!source || body !== source.body) && body && !body.endsWith("\n")) body += "\n";
        return toHeader(data, source, names, [BODY], body) + body;
      },
    };
  }

  // Sections (FAQ questions, alt-text tables) -----------------------------------------------

  // Split lines into the part before the first section and the sections, each kept with its
  // own text (without the empty lines after it) and the line breaks that follow it.
  function sections(text, isStart) {
    const lines = text.split("\n");
    const starts = [];
    let fence = null;
    lines.forEach((line, index) => {
      const open = FENCE_LINE.exec(line);
      if (open && (!fence || open[1][0] === fence[0])) fence = fence ? null : open[1];
      else if (!fence && isStart(line)) starts.push(index);
    });
    const first = starts.length ? starts[0] : lines.length;
    const preamble = starts.length ? lines.slice(0, first).map((l) => l + "\n").join("") : text;
    const parts = starts.map((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : lines.length;
      let last = end;
      while (last > start + 1 && !lines[last - 1].trim()) last -= 1;
      const own = lines.slice(start, last);
      const after = lines.slice(last, end);
      // What follows the section's text, up to the next section or the end, exactly.
      const gap = i + 1 < starts.length
        ? "\n" + after.map((line) => line + "\n").join("")
        : after.map((line) => "\n" + line).join("");
      return { lines: own, raw: own.join("\n"), gap };
    });
    return { preamble, parts };
  }

  // Join sections in the writer's order: each unchanged one as it was written, a changed or
  // new one in the canonical form; the gaps stay where they were, a new one is an empty line.
  function joinSections(preamble, items, source, same, canonical) {
    const parts = source ? source.parts : [];
    const unused = parts.map((_, i) => i);
    const texts = items.map((item) => {
      const match = unused.findIndex((i) => same(item, parts[i].value));
      if (match === -1) return canonical(item);
      return parts[unused.splice(match, 1)[0]].raw;
    });
    const tail = parts.length ? parts[parts.length - 1].gap : "\n";
    return preamble + texts.map((text, i) => {
      if (i === texts.length - 1) return text + tail;
      return text + (i < parts.length - 1 ? parts[i].gap : "\n\n");
    }).join("");
  }

  // FAQ files -------------------------------------------------------------------------------

  function question(part) {
    const [heading, ...rest] = part.lines;
    const alsoAsked = [];
    let index = 0;
    for (; index < rest.length; index++) {
      const note = ALSO_ASKED_LINE.exec(rest[index].trim());
      if (!note) break;
      alsoAsked.push(...note[1].split("|").map((s) => s.trim()).filter(Boolean));
    }
    const answer = rest.slice(index).join("\n").replace(/^(\s*\n)+/, "").trimEnd();
    // One way per line: the editor shows them in one text box.
    return { question: QUESTION_LINE.exec(heading)[1], also_asked: alsoAsked.join("\n"), answer };
  }

  function ways(text) {
    return String(text || "").split("\n").map((s) => s.trim()).filter(Boolean);
  }

  function sameQuestion(item, value) {
    return (item.question || "") === value.question &&
      same(ways(item.also_asked), ways(value.also_asked)) &&
      (item.answer || "").trim() === value.answer.trim();
  }

  function canonicalQuestion(item) {
    const others = ways(item.also_asked);
    const note = others.length ? `\n[//]: # "Also asked: ${others.join(" | ")}"` : "";
    return `## ${String(item.question || "").trim()}${note}\n\n${String(item.answer || "").trim()}`;
  }

  function faqFormat(options) {
    const names = options.names || [];
    const listKeys = options.listKeys || [];
    return {
      fromFile(text) {
        const { data, order, lineBreak, separator, rest } = fromHeader(text, listKeys);
        const { preamble, parts } = sections(rest, (line) => QUESTION_LINE.test(line));
        for (const part of parts) part.value = question(part);
        data.questions = parts.map((part) => ({ ...part.value }));
        data[SOURCE] = { order, lineBreak, separator, preamble, parts };
        return data;
      },
      toFile(data) {
        const source = data[SOURCE];
        const questions = joinSections(
          source ? source.preamble : "", data.questions || [], source, sameQuestion,
          canonicalQuestion,
        );
        return toHeader(data, source, names, ["questions"], questions) + questions;
      },
    };
  }

  // content/alt-text.toml -------------------------------------------------------------------

  function tomlString(text) {
    text = text.trim();
    if (text.startsWith("'")) return text.slice(1, -1);
    if (text.startsWith('"')) return JSON.parse(text);
    return text;
  }

  function image(part) {
    const path = tomlString(TABLE_LINE.exec(part.lines[0])[1]);
    const values = {};
    for (const line of part.lines.slice(1)) {
      const pair = KEY_LINE.exec(line);
      if (pair && !line.trim().startsWith("#")) {
        values[pair[1]] = pair[2] === "true" ? true : pair[2] === "false" ? false : tomlString(pair[2]);
      }
    }
    const decorative = values.decorative === true && !values.alt;
    return {
      image: path,
      alt: decorative ? DECORATIVE : String(values.alt ?? ""),
      caption: String(values.caption ?? ""),
    };
  }

  function sameImage(item, value) {
    return (item.image || "") === value.image && (item.alt || "") === value.alt &&
      (item.caption || "") === value.caption;
  }

  function canonicalImage(item) {
    const lines = [`[${JSON.stringify(String(item.image || ""))}]`];
    const alt = String(item.alt || "").trim();
    if (alt.toLowerCase() === DECORATIVE) lines.push("decorative = true");
    else lines.push(`alt = ${JSON.stringify(alt)}`);
    if (String(item.caption || "").trim()) {
      lines.push(`caption = ${JSON.stringify(String(item.caption).trim())}`);
    }
    return lines.join("\n");
  }

  function altTextFormat() {
    return {
      fromFile(text) {
        const { preamble, parts } = sections(text, (line) => TABLE_LINE.test(line));
        for (const part of parts) part.value = image(part);
        return {
          images: parts.map((part) => ({ ...part.value })),
          [SOURCE]: { preamble, parts },
        };
      },
      toFile(data) {
        const source = data[SOURCE];
        return joinSections(
          source ? source.preamble : "", data.images || [], source, sameImage, canonicalImage,
        );
      },
    };
  }

  root.ClinicFormats = { pelicanFormat, faqFormat, altTextFormat, DECORATIVE };
})(globalThis);
