"""The web editor's configuration is the metadata schema's: every key of metadata.toml is a field
of the collections of the kinds it belongs to, with its type's widget, its required flag, and
its help and example as the hint. Checked on the config.yml a build serves, read as Decap CMS
reads it (YAML)."""

import datetime
import re

import pytest
import yaml
from pelican.settings import read_settings

from plugins.clinic.metadata import ISO_DATE, ISO_DATETIME, load_schema
from plugins.clinic.settings import plugin_settings
from tests.sitebuild import EDITOR_DIR, ROOT

COLLECTIONS = {"article": "articles", "page": "pages", "faq": "faq"}
# Fields of a collection that are not metadata keys: the text, an FAQ file's questions.
OWN_FIELDS = {"article": ["body"], "page": ["body"], "faq": ["questions"]}
WIDGETS = {
    "text": {"string", "text"},
    "datetime": {"datetime"},
    "date": {"datetime"},
    "slug": {"string"},
    "list": {"string"},
    "slugs": {"relation"},
    "status": {"select"},
    "template": {"string"},
    "image": {"image"},
}
# dayjs's format tokens, as strftime writes them.
DAYJS_TOKENS = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M"}


def served_config(site):
    return yaml.safe_load((site.root / EDITOR_DIR / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config(site):
    return served_config(site)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def disagreements(schema, config):
    """Return every way the editor's configuration differs from the schema, in words."""
    found = []
    for kind, name in COLLECTIONS.items():
        fields = {f["name"]: f for f in collection(config, name)["fields"]}
        expected = [f.key for f in schema.for_kind(kind)] + OWN_FIELDS[kind]
        if list(fields) != expected:
            found.append(f"{name}: fields {list(fields)} are not the schema's {expected}")
        for key in schema.for_kind(kind):
            field = fields.get(key.key)
            if field is None:
                continue
            if field["required"] != (kind in key.required):
                found.append(f"{name}.{key.key}: required is {field['required']}")
            if field["widget"] not in WIDGETS[key.type]:
                found.append(f"{name}.{key.key}: widget {field['widget']} for {key.type}")
            if key.help not in field.get("hint", "") or key.example not in field.get("hint", ""):
                found.append(f"{name}.{key.key}: hint is not the schema's help and example")
            if key.type == "status" and field["options"] != list(key.values[kind]):
                found.append(f"{name}.{key.key}: options {field['options']}")
    return found


def test_the_editor_configuration_agrees_with_the_schema(config):
    assert disagreements(load_schema(), config) == []


@pytest.mark.parametrize(
    "drift",
    [
        lambda c: collection(c, "articles")["fields"].pop(0),
        lambda c: collection(c, "pages")["fields"][0].update(required=False),
        lambda c: collection(c, "faq")["fields"][0].update(widget="number"),
        lambda c: collection(c, "articles")["fields"][2].update(hint="a date"),
    ],
    ids=["field-missing", "required-flag", "widget", "hint"],
)
def test_a_configuration_that_drifts_from_the_schema_is_caught(site, drift):
    config = served_config(site)
    drift(config)
    assert disagreements(load_schema(), config) != []


def test_dates_are_picked_and_written_in_iso_8601(config):
    schema = load_schema()
    for kind, name in COLLECTIONS.items():
        fields = {f["name"]: f for f in collection(config, name)["fields"]}
        for key in schema.for_kind(kind):
            if key.type not in ("date", "datetime"):
                continue
            fmt = fields[key.key]["format"]
            written = datetime.datetime(2026, 12, 1, 9, 30).strftime(
                re.sub("|".join(DAYJS_TOKENS), lambda m: DAYJS_TOKENS[m[0]], fmt)
            )
            assert (ISO_DATE if key.type == "date" else ISO_DATETIME).match(written), written
            assert fields[key.key]["picker_utc"] is False  # Vancouver time, as the build reads


def test_the_faq_reference_is_a_relation_to_the_faq_collection_by_slug(config):
    reference = next(f for f in collection(config, "articles")["fields"] if f["name"] == "faq")
    assert reference["collection"] == COLLECTIONS["faq"]
    assert reference["value_field"] == "{{slug}}"
    assert reference["multiple"] is True


def test_an_faq_files_questions_are_a_list_with_their_other_wordings(config):
    questions = collection(config, "faq")["fields"][-1]
    assert questions["widget"] == "list"
    assert [(f["name"], f["widget"], f["required"]) for f in questions["fields"]] == [
        ("question", "string", True),
        ("also_asked", "text", False),
        ("answer", "markdown", True),
    ]


def test_images_alt_text_is_the_alt_text_file_and_required(config):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    (alt_file,) = collection(config, "images")["files"]
    assert alt_file["file"] == f"content/{plugin_settings(settings)['CLINIC_ALT_TEXT']}"
    image = {f["name"]: f for f in alt_file["fields"][0]["fields"]}
    assert image["image"]["required"]
    assert image["alt"]["required"]
    assert "decorative" in image["alt"]["hint"]
    assert config["media_folder"] == "content/images"
    assert config["public_folder"] == "images"  # Cover: images/x.jpg, as the schema writes it


def test_every_collection_is_read_and_written_by_one_of_our_formats(config):
    # Decap takes a format from a collection only; a file left to its built-in TOML format
    # would be read as empty and saved over.
    formats = {c["name"]: c.get("format") for c in config["collections"]}
    assert formats == {
        "articles": "pelican",
        "pages": "pelican",
        "faq": "pelican-faq",
        "images": "alt-text-toml",
    }
    assert all("format" not in file for c in config["collections"] for file in c.get("files", []))


def test_collections_are_the_folders_the_build_reads(config):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    folders = {
        "articles": settings["ARTICLE_PATHS"][0],
        "pages": settings["PAGE_PATHS"][0],
        "faq": plugin_settings(settings)["CLINIC_FAQ_PATH"],
    }
    for name, folder in folders.items():
        assert collection(config, name)["folder"] == f"content/{folder}"
        assert collection(config, name)["extension"] == "md"


def test_drafts_go_through_review_on_github_and_local_mode_stays_on_this_machine(config):
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "[owner/repository]"  # the clinic's, docs/editor.md
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")
    publish = read_settings(str(ROOT / "publishconf.py"))
    assert publish["EDITOR_LOCAL_BACKEND"] == ""
