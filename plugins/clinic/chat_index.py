"""The chat assistant's index: each FAQ entry as question, other ways it is asked, plain answer
and owner page. Pure."""

import json

from .sanitize import plain_text

CHAT_INDEX_SAVE_AS = "chat-index.json"  # theme/templates/partials/chat.html fetches this name


def chat_entries(faq_library, owners):
    """Return the index entries: question, plain-text answer, owner's URL and title, and
    `also` (the entry's `Also asked` ways, see faq.py) when it has any.

    `owners` maps each FAQ slug to the page that owns it (the plugin's one rule, see
    faq.faq_owners); an FAQ without an owner has no page to link to and is left out.
    """
    entries = []
    for slug, document in faq_library.items():
        if slug not in owners:
            continue
        # Once per FAQ file: Pelican works a page's URL out afresh on every access.
        url, title = owners[slug].url, owners[slug].title
        for e in document.entries:
            entry = {
                "question": e.question,
                "answer": plain_text(e.answer_html),
                "url": url,
                "title": title,
            }
            entries.append({**entry, "also": list(e.also_asked)} if e.also_asked else entry)
    return entries


def chat_index_json(entries):
    """Serialise the index compactly; the browser fetches it on the chat's first open."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
