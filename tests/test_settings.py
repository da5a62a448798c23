"""Plugin settings: one prefix, defaults in one place, nonsense rejected at start-up."""

import pytest

from plugins.clinic.settings import DEFAULTS, plugin_settings, setting_errors


def test_every_setting_has_the_clinic_prefix_and_is_in_the_settings_document():
    from tests.sitebuild import ROOT

    document = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in DEFAULTS:
        assert name.startswith("CLINIC_")
        assert f"| `{name}` |" in document, name


def test_site_settings_override_the_defaults():
    options = plugin_settings({"CLINIC_FAQ_MARKER": "[Questions]", "OTHER": 1})
    assert options["CLINIC_FAQ_MARKER"] == "[Questions]"
    assert options["CLINIC_FAQ_PATH"] == DEFAULTS["CLINIC_FAQ_PATH"]
    assert "OTHER" not in options


def test_the_defaults_are_sensible():
    assert setting_errors({}) == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"CLINIC_STRICT": "yes"}, "CLINIC_STRICT must be a bool"),
        ({"CLINIC_FAQ_QUESTION_LEVEL": 9}, "2 to 6"),
        ({"CLINIC_FAQ_PATH": ""}, "CLINIC_FAQ_PATH must not be empty"),
        ({"CLINIC_ALT_TEXT": None}, "CLINIC_ALT_TEXT must be a str"),
        (
            {"CLINIC_STRIKT": True},
            "CLINIC_STRIKT is not a setting of this site (did you mean CLINIC_STRICT?)",
        ),
        ({"CLINIC_PHONE_NUMBER": "1"}, "CLINIC_PHONE_NUMBER is not a setting of this site"),
        ({"CLINIC_AS_OF": "next Tuesday"}, "CLINIC_AS_OF must be an ISO 8601 date and time"),
    ],
)
def test_nonsense_is_named(settings, words):
    assert any(words in error for error in setting_errors(settings))
