"""New articles and FAQ files, every metadata field explained where the writer sees it. Pure."""

from pelican.utils import slugify

# Lines of the form `[//]: # "..."` are Markdown link definitions that nothing links to:
# writers read them in the file, readers never see them on the site.
ARTICLE_TEMPLATE = """\
Title: {title}
Slug: {slug}
Date: {date}
Category: {category}
Tags: {tags}
Summary: {summary}
Status: draft

[//]: # "HOW TO FILL IN THE LINES ABOVE (these notes never appear on the site)"
[//]: # "Title: the headline readers see. Slug: the page's address, /{slug}/."
[//]: # "Date: when it is published, YYYY-MM-DD HH:MM, Vancouver time."
[//]: # "Category: one broad topic. Tags: a few keywords, separated by commas."
[//]: # "Summary: one or two sentences for the article list, search results and shared links."
[//]: # "Status: draft keeps the article off the site; the preview shows it at /drafts/{slug}.html."
[//]: # "  Delete the Status line to publish the article."
[//]: # "Optional lines, to add above the blank line when they apply:"
[//]: # "Cover: images/FILE.svg - the picture for article cards and shared links;"
[//]: # "  its alt text goes in content/alt-text.toml, like every image's."
[//]: # "FAQ: SLUG - shows the questions of content/faq/SLUG.md; several: FAQ: one, two."
[//]: # "  Put a paragraph of just [FAQ] where they should appear, else they follow the text."
[//]: # "Reviewed_by: Dr. Name, credentials - the clinician who medically reviewed the article."
[//]: # "Last_reviewed: YYYY-MM-DD - the day of that review. Only write a review that happened."
[//]: # "Images: ![]({{static}}/images/FILE.svg) alone in a paragraph;"
[//]: # "  their alt text goes in content/alt-text.toml."
[//]: # "The writer's guide, docs/writing.md, explains all of this with examples."

{body}
"""

# What the writer replaces; `invoke check` names any left in a file that is not a draft.
ARTICLE_BODY = "[Write the article here, in Markdown. Start with a short introduction.]"
TAGS_PLACEHOLDER = "[keyword], [another keyword]"
SUMMARY_PLACEHOLDER = "[One or two sentences: what will readers learn?]"
FAQ_QUESTION = "## [Write the first question here, as a reader would ask it]?"
FAQ_ANSWER = "[Write its answer here. Replace both lines, then add more questions the same way.]"

FAQ_TEMPLATE = """\
Title: {title}
Slug: {slug}
Status: draft

[//]: # "HOW TO WRITE THIS FILE (these notes never appear on the site)"
[//]: # "Each question is a heading that starts with ## ; its answer is the text below it."
[//]: # "Status: draft keeps these questions off the site, except on draft articles."
[//]: # "  Delete the Status line to publish them on /faq/ and on every article that lists"
[//]: # "  this file in its metadata as FAQ: {slug}"
[//]: # "Write only answers the clinic stands behind; never guess a medical fact."

{question}

{answer}
"""


def slug_for(title, regex_subs):
    """Return the slug Pelican would give a title with the site's substitutions."""
    return slugify(title, regex_subs=regex_subs)


def article_text(title, slug, date, category="Treatment"):
    """Return a new article's Markdown: documented metadata, a draft until the writer publishes."""
    return ARTICLE_TEMPLATE.format(
        title=title,
        slug=slug,
        date=date.strftime("%Y-%m-%d %H:%M"),
        category=category,
        tags=TAGS_PLACEHOLDER,
        summary=SUMMARY_PLACEHOLDER,
        body=ARTICLE_BODY,
    )


def faq_text(topic, slug):
    """Return a new FAQ file's Markdown: one example question to replace, a draft for now."""
    title = f"{topic}: frequently asked questions"
    return FAQ_TEMPLATE.format(title=title, slug=slug, question=FAQ_QUESTION, answer=FAQ_ANSWER)


def create(path, text):
    """Write a new file; refuse to overwrite one, so nothing a writer wrote is lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as new_file:
        new_file.write(text)
    return path
