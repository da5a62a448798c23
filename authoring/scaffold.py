"""New articles and FAQ files, every metadata key explained where the writer sees it. Pure.

The keys, their help and their examples come from the metadata schema
(plugins/clinic/metadata.toml), so a draft never names a key the build would refuse.
"""

from pelican.utils import slugify

from plugins.clinic.metadata import load_schema

# What the writer replaces. Each is a placeholder in [brackets], which the build names in any
# file that is not a draft, so none is ever published.
ARTICLE_BODY = "[Write the article here, in Markdown. Start with a short introduction.]"
TAGS_PLACEHOLDER = "[keyword], [another keyword]"
SUMMARY_PLACEHOLDER = "[One or two sentences: what will readers learn?]"
FAQ_QUESTION = "## [Write the first question here, as a reader would ask it]?"
FAQ_ANSWER = "[Write its answer here. Replace both lines, then add more questions the same way.]"

# Lines of the form `[//]: # "..."` are Markdown link definitions that nothing links to:
# writers read them in the file, readers never see them on the site.
ARTICLE_INTRO = [
    "HOW TO FILL IN THE LINES ABOVE (these notes never appear on the site)",
    "Replace every [bracketed] text; delete the Status line to publish.",
    "Optional keys go above the empty line, one per line, as 'Key: value'.",
]
ARTICLE_OUTRO = [
    "Images: ![]({static}/images/FILE.svg) alone in a paragraph;",
    "  their alt text goes in content/alt-text.toml.",
    "The writer's guide, docs/writing.md, explains all of this with examples.",
]
FAQ_INTRO = [
    "HOW TO WRITE THIS FILE (these notes never appear on the site)",
    "Each question is a heading that starts with ## ; its answer is the text below it.",
    "Delete the Status line to publish these questions on /faq/ and on every article",
    "  that lists this file in its metadata as FAQ: {slug}",
    "Write only answers the clinic stands behind; never guess a medical fact.",
]


def note(text):
    """Return a line writers read in the file and readers never see."""
    return '[//]: # "' + text.replace('"', "'") + '"'


def key_notes(kind):
    """Return one note per metadata key of `kind`: what it is, and an example."""
    return [
        note(f"{field.name}: {field.help}. Example: {field.name}: {field.example}")
        for field in load_schema().for_kind(kind)
    ]


def draft(header, notes, body):
    """Return a file: its metadata lines, an empty line, the notes, an empty line, the body."""
    lines = [f"{key}: {value}" for key, value in header.items()]
    return "\n".join([*lines, "", *notes, "", *body]) + "\n"


def slug_for(title, regex_subs):
    """Return the slug Pelican would give a title with the site's substitutions."""
    return slugify(title, regex_subs=regex_subs)


def article_text(title, slug, date, category="Treatment"):
    """Return a new article's Markdown: documented metadata, a draft until the writer publishes."""
    header = {
        "Title": title,
        "Slug": slug,
        "Date": date.strftime("%Y-%m-%d %H:%M"),
        "Category": category,
        "Tags": TAGS_PLACEHOLDER,
        "Summary": SUMMARY_PLACEHOLDER,
        "Status": "draft",
    }
    notes = [note(text) for text in ARTICLE_INTRO] + key_notes("article")
    notes += [note(text) for text in ARTICLE_OUTRO]
    return draft(header, notes, [ARTICLE_BODY])


def faq_text(topic, slug):
    """Return a new FAQ file's Markdown: one example question to replace, a draft for now."""
    header = {"Title": f"{topic}: frequently asked questions", "Slug": slug, "Status": "draft"}
    notes = [note(text.format(slug=slug)) for text in FAQ_INTRO] + key_notes("faq")
    return draft(header, notes, [FAQ_QUESTION, "", FAQ_ANSWER])


def create(path, text):
    """Write a new file; refuse to overwrite one, so nothing a writer wrote is lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as new_file:
        new_file.write(text)
    return path
