"""The messages about a project file, in the user's language.

:mod:`risk_advisor.loading` words its problems in English, where they are made; when the user
reads French, :func:`translate` turns each message and hint into French on its way into a
:class:`~risk_advisor.errors.Problem`, from the templates below (``{name}`` stands for a part
copied as is). A message without a template stays in English rather than being lost. The
language is that of the current :func:`language` block, so that the reading functions need no
extra parameter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from .report.i18n import french_typography

__all__ = ["FRENCH", "current_language", "in_the_callers_language", "language", "translate"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_LANG: ContextVar[str] = ContextVar("risk_advisor_input_lang", default="en")

# English template → French template (the same {fields}).
FRENCH: dict[str, str] = {
    # summaries
    "{file}: cannot read the project description": "{file} : impossible de lire la description du projet",
    "{file}: not a valid project description ({count} problem)": "{file} : description de projet invalide "
    "({count} problème)",
    "{file}: not a valid project description ({count} problems)": "{file} : description de projet invalide "
    "({count} problèmes)",
    # saved diagnoses (diff)
    "{file}: cannot read the diagnosis": "{file} : impossible de lire le diagnostic",
    "{file}: not a diagnosis": "{file} : ce n'est pas un diagnostic",
    "{file}: not a diagnosis this version reads": "{file} : diagnostic d'un format que cette version ne lit pas",
    "{file}: not a risk-advisor diagnosis": "{file} : ce n'est pas un diagnostic de risk-advisor",
    "the file is larger than 64 MiB": "le fichier dépasse 64 Mio",
    "not valid JSON: {reason}": "JSON invalide : {reason}",
    "diagnosis schema {found}, this risk-advisor reads {version}": "diagnostic au schéma {found}, "
    "cette version de risk-advisor lit le schéma {version}",
    "diagnose the project description again with this version (risk-advisor diagnose FILE --format json "
    "-o FILE.json), or compare the two project descriptions directly": "diagnostiquez à nouveau la "
    "description du projet avec cette version (risk-advisor diagnose FICHIER --format json -o FICHIER.json), "
    "ou comparez directement les deux descriptions du projet",
    "give a file written by `risk-advisor diagnose --format json`": "donnez un fichier écrit par "
    "`risk-advisor diagnose --format json`",
    # reading
    "a project needs at least a name, e.g. `name: Jardin partagé`": "un projet a au moins un nom, "
    "par exemple `name: Jardin partagé`",
    "unknown file type `{suffix}`": "type de fichier inconnu `{suffix}`",
    "the file name has no extension": "le nom du fichier n'a pas d'extension",
    "name the file .yaml, .yml, .json or .toml": "nommez le fichier .yaml, .yml, .json ou .toml",
    "the file is empty": "le fichier est vide",
    "the file contains only comments or blank lines": "le fichier ne contient que des commentaires ou des lignes vides",
    "the file must describe one project as keys and values (`name: …`), not {what}": "le fichier doit décrire "
    "un projet en clés et valeurs (`name: …`), pas {what}",
    "file not found": "fichier introuvable",
    "check the spelling of the path": "vérifiez l'orthographe du chemin",
    "permission denied: this file cannot be read": "accès refusé : ce fichier ne peut pas être lu",
    "check the file's permissions": "vérifiez les droits du fichier",
    "cannot read the file: {reason}": "impossible de lire le fichier : {reason}",
    "this is a folder, not a file": "c'est un dossier, pas un fichier",
    "give the path of a .yaml, .json or .toml file": "donnez le chemin d'un fichier .yaml, .json ou .toml",
    "file too large: a project description is limited to {size} MiB": "fichier trop gros : une description "
    "de projet est limitée à {size} Mio",
    "is this the right file? real descriptions are a few kilobytes": "est-ce le bon fichier ? une vraie "
    "description fait quelques kilo-octets",
    "the file is saved as UTF-16": "le fichier est enregistré en UTF-16",
    "save it as UTF-8": "enregistrez-le en UTF-8",
    "this is a binary file, not a text project description": "c'est un fichier binaire, pas une description "
    "de projet en texte",
    "give the .yaml, .json or .toml file": "donnez le fichier .yaml, .json ou .toml",
    "not UTF-8 text: byte {byte} cannot be read": "texte non UTF-8 : l'octet {byte} est illisible",
    "not UTF-8 text: character {char} cannot be read": "texte non UTF-8 : le caractère {char} est illisible",
    "save the file as UTF-8": "enregistrez le fichier en UTF-8",
    "nesting deeper than {depth} levels": "imbrication de plus de {depth} niveaux",
    "the file holds several YAML documents; a project file holds one": "le fichier contient plusieurs "
    "documents YAML ; un fichier de projet n'en contient qu'un",
    "remove the `---` line": "supprimez la ligne `---`",
    "check the indentation, the colons and the quotes here": "vérifiez ici l'indentation, les deux-points "
    "et les guillemets",
    "invalid YAML: {detail}": "YAML invalide : {detail}",
    "invalid JSON: {detail}": "JSON invalide : {detail}",
    "invalid TOML: {detail}": "TOML invalide : {detail}",
    "key `{key}` appears twice": "la clé `{key}` apparaît deux fois",
    "keep only one of them": "n'en gardez qu'une",
    # validating
    "required key `{key}` is missing": "la clé obligatoire `{key}` manque",
    "add `{key}: …`": "ajoutez `{key}: …`",
    "unknown key `{key}`": "clé inconnue `{key}`",
    "`{key}` is not a valid key": "`{key}` n'est pas une clé valide",
    "put the key in quotes": "mettez la clé entre guillemets",
    "YAML reads yes, no, on and off as true or false: put the key in quotes": "YAML lit yes, no, on et off "
    "comme vrai ou faux : mettez la clé entre guillemets",
    "`{value}` is not an allowed value": "`{value}` n'est pas une valeur autorisée",
    "expected yes or no (true or false), got {got}": "oui ou non attendu (yes/no, true/false), trouvé {got}",
    "expected a whole number, got {got}": "nombre entier attendu, trouvé {got}",
    "expected a number, got {got}": "nombre attendu, trouvé {got}",
    "must be at least {limit}, got {got}": "doit valoir au moins {limit}, trouvé {got}",
    "must be more than {limit}, got {got}": "doit être supérieur à {limit}, trouvé {got}",
    "must be at most {limit}, got {got}": "doit valoir au plus {limit}, trouvé {got}",
    "must be less than {limit}, got {got}": "doit être inférieur à {limit}, trouvé {got}",
    "expected text, got {got}": "texte attendu, trouvé {got}",
    "put it in quotes": "mettez-le entre guillemets",
    "must not be empty": "ne doit pas être vide",
    "text holding half of an escaped character (a lone \\uD800–\\uDFFF escape)":
        "texte contenant la moitié d'un caractère échappé (un échappement \\uD800–\\uDFFF isolé)",
    "write the character itself, or both halves of its escape":
        "écrivez le caractère lui-même, ou les deux moitiés de son échappement",
    "too long: at most {count} characters": "trop long : {count} caractères au plus",
    "{value} is not written as expected": "{value} n'est pas écrit comme attendu",
    "a risk ID or a rule ID, e.g. `long-delivery-delay` or `GOV-CITIZEN-NO-LOOKOUT`": "un identifiant de "
    "risque ou de règle, par exemple `long-delivery-delay` ou `GOV-CITIZEN-NO-LOOKOUT`",
    "expected a section of keys and values, got {got}": "section de clés et valeurs attendue, trouvé {got}",
    "expected a list, got {got}": "liste attendue, trouvé {got}",
    "write it as a list: `[{value}]`": "écrivez-le comme une liste : `[{value}]`",
    "expected a date such as 2025-06-30, got {got}": "date attendue, par exemple 2025-06-30, trouvé {got}",
    "did you mean `{name}`?": "vouliez-vous dire `{name}` ?",
    "did you mean `{name}`? allowed values: {values}": "vouliez-vous dire `{name}` ? valeurs possibles : {values}",
    "allowed values: {values}": "valeurs possibles : {values}",
    "`{key}` belongs in the `{section}` section": "`{key}` va dans la section `{section}`",
    "`{key}` belongs at the top level": "`{key}` va au premier niveau",
    "allowed keys here: {keys}": "clés possibles ici : {keys}",
    "run `risk-advisor schema` to see every allowed key": "`risk-advisor schema --format markdown` liste "
    "toutes les clés possibles",
    "run `risk-advisor schema` to see the allowed values": "`risk-advisor schema --format markdown` liste "
    "les valeurs possibles",
    # what a value is
    "a section of keys": "une section de clés",
    "a list": "une liste",
    "nothing": "rien",
    "text": "du texte",
}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The English templates as patterns, compiled on first use (a run without a message to
    translate never needs them: ~3 ms of a cold start)."""
    return [(_pattern(en), fr) for en, fr in FRENCH.items()]


_WHAT = {"a section of keys", "a list", "nothing", "text"}


def current_language() -> str:
    """The language project-file messages are written in right now (``en`` unless set)."""
    return _LANG.get()


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Word the project-file messages of this block in ``lang`` (``fr`` or ``en``; ``None``: unchanged)."""
    token = _LANG.set(_LANG.get() if lang is None else "fr" if lang == "fr" else "en")
    try:
        yield
    finally:
        _LANG.reset(token)


def translate(text: str | None) -> str | None:
    """``text`` in the current language (``None`` stays ``None``; unknown texts stay as they are)."""
    if text is None or _LANG.get() != "fr":
        return text
    for pattern, french in _patterns():
        match = pattern.match(text)
        if match:
            fields = {k: (translate(v) if v in _WHAT else v) for k, v in match.groupdict().items()}
            return french_typography(french.format(**fields))
    return text


def in_the_callers_language(default: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Word project-file messages, inside the decorated call, in its ``lang=`` argument (or ``default``)."""

    def decorate(func: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(func)
        def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            lang = kwargs.get("lang", default)
            with language(lang if isinstance(lang, str) else None):
                return func(*args, **kwargs)

        return call

    return decorate
