"""Every report and CLI string exists in French and English, French typography included."""

from __future__ import annotations

import re
import string

import pytest

from risk_advisor.report.i18n import LANGS, NBSP, STRINGS, french_typography, lang_from_env, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_exists_in_every_language(key: str) -> None:
    assert set(STRINGS[key]) == set(LANGS), f"{key} must have exactly {LANGS}"
    assert all(STRINGS[key][lang].strip() for lang in LANGS), f"{key} has an empty translation"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_take_the_same_fields(key: str) -> None:
    assert _fields(STRINGS[key]["fr"]) == _fields(STRINGS[key]["en"])


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_french_has_no_breaking_space_before_double_punctuation(key: str) -> None:
    fr = STRINGS[key]["fr"]
    assert not re.search(r" [:;?!»]", fr), fr
    assert "« " not in fr, fr
    assert '"' not in fr and "“" not in fr, f"French quotes are « guillemets »: {fr}"


def test_french_typography_changes_only_existing_spaces() -> None:
    assert french_typography("Vrai ? Oui : « ça » !") == f"Vrai{NBSP}? Oui{NBSP}: «{NBSP}ça{NBSP}»{NBSP}!"
    assert french_typography("https://x.fr à 10:30") == "https://x.fr à 10:30"


def test_unknown_language_falls_back_to_french() -> None:
    assert t("section.summary", "de") == t("section.summary", "fr") == "Synthèse"
    assert t("section.summary", "en") == "Summary"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "en_US"}, "en"),
    ],
)
def test_language_follows_the_locale_french_by_default(environ: dict[str, str], expected: str) -> None:
    assert lang_from_env(environ) == expected


def test_every_risk_category_has_a_label_in_both_languages() -> None:
    from typing import get_args

    from risk_advisor.catalogue.model import RiskCategory
    from risk_advisor.report.i18n import t

    for category in get_args(RiskCategory):
        assert t(f"category.{category}", "fr") and t(f"category.{category}", "en")
