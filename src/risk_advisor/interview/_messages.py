"""What the interview says, in French and in English (same mechanism as :mod:`..report.i18n`)."""

from __future__ import annotations

from ..report.i18n import french_typography

__all__ = ["say"]

_RAW: dict[str, dict[str, str]] = {
    "ask.name": {"fr": "Nom du projet ?", "en": "Project name?"},
    "start.new": {
        "fr": "Nouveau fichier {path}. Répondez une question à la fois ; « ? » ou une ligne vide si vous "
        "ne savez pas, « q » pour enregistrer et quitter.",
        "en": "New file {path}. Answer one question at a time; '?' or an empty line if you do not know, "
        "'q' to save and quit.",
    },
    "start.continue": {
        "fr": "Suite de {path}. « ? » ou une ligne vide si vous ne savez pas, « q » pour enregistrer et quitter.",
        "en": "Continuing {path}. '?' or an empty line if you do not know, 'q' to save and quit.",
    },
    "answers.bool": {"fr": "oui / non / je ne sais pas (?)", "en": "yes / no / don't know (?)"},
    "answers.enum": {"fr": "un numéro, ou ? si vous ne savez pas", "en": "a number, or ? if you do not know"},
    "answers.enum_list": {
        "fr": "un ou plusieurs numéros séparés par des virgules, 0 pour aucun, ou ? si vous ne savez pas",
        "en": "one or more numbers separated by commas, 0 for none, or ? if you do not know",
    },
    "answers.number": {"fr": "un nombre{unit}{range}, ou ? si vous ne savez pas",
                       "en": "a number{unit}{range}, or ? if you do not know"},
    "answers.range": {"fr": " entre {low} et {high}", "en": " from {low} to {high}"},
    "answers.text": {"fr": "un texte, ou ? si vous ne savez pas", "en": "some text, or ? if you do not know"},
    "error.bool": {"fr": "répondez oui, non ou ?", "en": "answer yes, no or ?"},
    "error.choice": {"fr": "« {answer} » n'est pas un numéro de la liste (1 à {count})",
                     "en": "'{answer}' is not a number of the list (1 to {count})"},
    "error.number": {"fr": "« {answer} » n'est pas un nombre", "en": "'{answer}' is not a number"},
    "error.range": {"fr": "{answer} est hors des limites{range}", "en": "{answer} is out of bounds{range}"},
    "error.integer": {"fr": "un nombre entier est attendu", "en": "a whole number is expected"},
    "changed.found": {"fr": "risque identifié : {titles}", "en": "risk found: {titles}"},
    "changed.ruled_out": {"fr": "risque écarté : {title}", "en": "risk ruled out: {title}"},
    "changed.ruled_out_many": {"fr": "{count} risques écartés", "en": "{count} risks ruled out"},
    "changed.none": {"fr": "pas de changement pour l'instant", "en": "no change yet"},
    "saved": {"fr": "Enregistré dans {path}.", "en": "Saved in {path}."},
    "done.all": {"fr": "Plus aucune question ne peut changer le diagnostic.",
                 "en": "No question left can change the diagnosis."},
    "done.report": {"fr": "Rapport complet : {command}", "en": "Full report: {command}"},
    "error.extension": {
        "fr": "{path} : extension inconnue ; nommez le fichier avec l'une de {extensions}",
        "en": "{path}: unknown extension; name the file with one of {extensions}",
    },
    "progress": {"fr": "Question {n} ({left} restante(s))", "en": "Question {n} ({left} left)"},
}

_STRINGS = {
    key: {lang: french_typography(text) if lang == "fr" else text for lang, text in texts.items()}
    for key, texts in _RAW.items()
}


def say(key: str, lang: str, **fields: object) -> str:
    """The interview's string ``key`` in ``lang`` (French unless English), formatted."""
    text = _STRINGS[key]["en" if lang == "en" else "fr"]
    return text.format(**fields) if fields else text
