"""The writers' guide's table of metadata keys, made from the metadata schema. Pure.

`invoke guide` writes it into docs/writing.md between the two marker lines; a test fails when
the guide and the schema differ, so neither is edited without the other.
"""

import re

from plugins.clinic.metadata import KINDS, load_schema

START = "<!-- metadata table: made from plugins/clinic/metadata.toml by `invoke guide` -->"
END = "<!-- end of metadata table -->"
KIND_NAMES = {"article": "articles", "page": "pages", "faq": "FAQ files"}


def metadata_table(schema=None):
    """Return the Markdown table of every metadata key: where it goes, required, help, example."""
    schema = schema or load_schema()
    rows = [
        "| line | in | required in | what it is | example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field in schema.fields:
        kinds = ", ".join(KIND_NAMES[kind] for kind in KINDS if kind in field.kinds)
        required = ", ".join(KIND_NAMES[kind] for kind in KINDS if kind in field.required)
        help_text = field.help.replace("|", "\\|")
        rows.append(
            f"| `{field.name}:` | {kinds} | {required or 'no'} | {help_text} "
            f"| `{field.name}: {field.example}` |"
        )
    return "\n".join(rows)


def with_table(guide, table):
    """Return the guide's text with the table between the markers replaced by `table`."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(guide):
        raise ValueError(f"the guide has no {START!r} ... {END!r} lines")
    return pattern.sub(lambda _: f"{START}\n{table}\n{END}", guide, count=1)
