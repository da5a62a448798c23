"""The editor's configuration (Decap CMS's config.yml) made from the metadata schema. Pure.

Every metadata key of plugins/clinic/metadata.toml becomes a field of the collections of the
kinds it belongs to, with its type's widget, its required flag, and its help and example as
the hint: the schema is written once, and tests/test_editor_config.py checks the served
configuration against it.
"""

import json

# Decap CMS's formats for our files, registered by static/formats.js: Pelican's `Key: value`
# header, an FAQ file's `##` questions, and content/alt-text.toml.
PAGE_FORMAT = "pelican"
FAQ_FORMAT = "pelican-faq"
ALT_TEXT_FORMAT = "alt-text-toml"
# An alt text of just this word marks the image decorative (`decorative = true`): the writer
# says so explicitly, as the build asks.
DECORATIVE = "decorative"
# The only key whose value may go on over several lines (metadata.value_problems).
MULTILINE_KEYS = {"summary"}
DATETIME = {"format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
DATE = {"format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "lower-case words joined by -, e.g. first-session"]
# Markdown as written: Decap's rich-text mode rewrites a whole body in its own Markdown style
# (lists, HTML blocks, `[//]: #` notes) as soon as it is opened.
MARKDOWN = {"widget": "markdown", "modes": ["raw"]}
LABELS = {"article": "Articles", "page": "Pages", "faq": "FAQ files"}
SINGULAR = {"article": "Article", "page": "Page", "faq": "FAQ file"}


def widget_of(field, kind, faq_collection):
    """Return the Decap widget options of a schema field's type."""
    kind_type = field.type
    if kind_type == "datetime":
        return {"widget": "datetime", **DATETIME, "picker_utc": False}
    if kind_type == "date":
        return {"widget": "datetime", **DATE, "picker_utc": False}
    if kind_type == "slug":
        return {"widget": "string", "pattern": SLUG_PATTERN}
    if kind_type == "slugs":
        return {
            "widget": "relation",
            "collection": faq_collection,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": True,
        }
    if kind_type == "status":
        return {"widget": "select", "options": list(field.values[kind])}
    if kind_type == "image":
        return {"widget": "image", "choose_url": False}
    if field.key in MULTILINE_KEYS:
        return {"widget": "text"}
    return {"widget": "string"}  # text, list (comma-separated words), template


def schema_field(field, kind, faq_collection):
    """Return the Decap field of one schema key in one kind of file."""
    required = kind in field.required
    options = {
        "name": field.key,
        "label": field.name.replace("_", " "),
        **widget_of(field, kind, faq_collection),
        "required": required,
        "hint": f"{field.help} (e.g. {field.example})",
    }
    if options["widget"] == "datetime" and not required:
        options["default"] = ""  # Decap fills an empty date picker with today's otherwise
    return options


def metadata_fields(schema, kind, faq_collection):
    return [schema_field(field, kind, faq_collection) for field in schema.for_kind(kind)]


def faq_questions_field():
    """The list of an FAQ file's questions, each saved as a `##` heading and its answer."""
    return {
        "name": "questions",
        "label": "Questions",
        "label_singular": "Question",
        "widget": "list",
        "summary": "{{fields.question}}",
        "min": 1,
        "fields": [
            {
                "name": "question",
                "label": "Question",
                "widget": "string",
                "required": True,
                "hint": "as readers ask it; shown as a heading on the page",
            },
            {
                "name": "also_asked",
                "label": "Also asked",
                "widget": "text",
                "required": False,
                "hint": "other ways readers ask the same question, one per line; they help the "
                "chat find this answer and never show on the page",
            },
            {"name": "answer", "label": "Answer", **MARKDOWN, "required": True},
        ],
    }


def image_fields():
    """The fields of one image of content/alt-text.toml."""
    return [
        {
            "name": "image",
            "label": "Image",
            "widget": "image",
            "choose_url": False,
            "required": True,
        },
        {
            "name": "alt",
            "label": "Alt text",
            "widget": "text",
            "required": True,
            "hint": "what the image shows, for readers who cannot see it. For an image that "
            f"shows nothing a reader needs, write just: {DECORATIVE}",
        },
        {
            "name": "caption",
            "label": "Caption",
            "widget": "string",
            "required": False,
            "hint": "optional text shown under the image",
        },
    ]


def folder_collection(kind, name, folder, fields, fmt):
    return {
        "name": name,
        "label": LABELS[kind],
        "label_singular": SINGULAR[kind],
        "folder": folder,
        "extension": "md",
        "format": fmt,
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "fields": fields,
    }


def editor_config(schema, settings, paths):
    """Return Decap CMS's configuration, as a dict.

    `settings`: the editor plugin's settings; `paths`: {"article", "page", "faq": folder under
    the content folder, "alt_text": the alt-text file's name under it}.
    """
    content = settings["EDITOR_CONTENT"].rstrip("/")
    backend = {
        "name": "github",
        "repo": settings["EDITOR_REPO"],
        "branch": settings["EDITOR_BRANCH"],
    }
    if settings["EDITOR_AUTH_URL"]:
        backend["base_url"] = settings["EDITOR_AUTH_URL"]
    body = {"name": "body", "label": "Text", **MARKDOWN, "required": True}
    config = {
        "backend": backend,
        # A draft is a branch and a pull request; "ready" and "publish" are its review and
        # merge, and the pull request runs the checks a push runs.
        "publish_mode": "editorial_workflow",
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [
            folder_collection(
                "article",
                "articles",
                f"{content}/{paths['article']}",
                [*metadata_fields(schema, "article", "faq"), body],
                PAGE_FORMAT,
            ),
            folder_collection(
                "page",
                "pages",
                f"{content}/{paths['page']}",
                [*metadata_fields(schema, "page", "faq"), body],
                PAGE_FORMAT,
            ),
            folder_collection(
                "faq",
                "faq",
                f"{content}/{paths['faq']}",
                [*metadata_fields(schema, "faq", "faq"), faq_questions_field()],
                FAQ_FORMAT,
            ),
            {
                "name": "images",
                "label": "Images",
                # Decap reads a format for a whole collection only, never for one of its files.
                "format": ALT_TEXT_FORMAT,
                "files": [
                    {
                        "name": "alt_text",
                        "label": "Alt text of every image",
                        "file": f"{content}/{paths['alt_text']}",
                        "fields": [
                            {
                                "name": "images",
                                "label": "Images",
                                "label_singular": "Image",
                                "widget": "list",
                                "summary": "{{fields.image}}",
                                "fields": image_fields(),
                            },
                        ],
                    }
                ],
            },
        ],
    }
    if settings["EDITOR_LOCAL_BACKEND"]:
        config["local_backend"] = {"url": settings["EDITOR_LOCAL_BACKEND"]}
    return config


def format_options(schema):
    """Return what static/formats.js needs of the schema: every key as writers spell it, in
    the schema's order, and the keys whose value is a comma-separated list of slugs."""
    return {
        "names": [field.name for field in schema.fields],
        "listKeys": [field.key for field in schema.fields if field.type == "slugs"],
    }


def config_text(config):
    """Return config.yml's text: JSON, which is YAML too, so no YAML writer is needed."""
    note = "# Made by the build from plugins/clinic/metadata.toml (plugins/editor/config.py).\n"
    return note + json.dumps(config, indent=2, ensure_ascii=False) + "\n"
