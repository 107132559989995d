"""The page's own words, in French and English (the report's words come from report.i18n)."""

from __future__ import annotations

from collections.abc import Mapping

from ..report.i18n import french_typography

__all__ = ["page_lang", "words"]

_RAW: dict[str, tuple[str, str]] = {
    "title": ("Conseiller de risques", "Risk advisor"),
    "tagline": (
        "Décrivez votre projet : les scénarios noirs qui le menacent s'affichent au fil des réponses.",
        "Describe your project: the black scenarios that threaten it show as you answer.",
    ),
    "switch": ("English version", "Version française"),
    "skip": ("Aller au contenu", "Skip to content"),
    "start": ("Commencer", "Start"),
    "new": ("Nouveau projet", "New project"),
    "other_project": ("Nouveau projet ou autre description", "New project or another description"),
    "name": ("Nom du projet", "Project name"),
    "create": ("Créer le projet", "Create the project"),
    "upload": ("Ouvrir une description (YAML, JSON ou TOML)", "Open a description (YAML, JSON or TOML)"),
    "upload_file": ("Fichier de description, 2 Mio au plus", "Description file, at most 2 MiB"),
    "open": ("Ouvrir", "Open"),
    "questions": ("Questions", "Questions"),
    "questions_help": (
        "Les questions dont la réponse peut changer le diagnostic, les plus décisives d'abord.",
        "The questions whose answer can change the diagnosis, the most telling first.",
    ),
    "no_questions": (
        "Plus aucune question ne peut changer le diagnostic.",
        "No question can change the diagnosis any more.",
    ),
    "more_questions": ("{n} autres questions ensuite.", "{n} more questions after these."),
    "answer": ("Répondre", "Answer"),
    "dont_know": ("Je ne sais pas", "I don't know"),
    "unknown": ("Inconnu", "Unknown"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "none_of_these": ("Aucun de ceux-ci", "None of these"),
    "edit": ("Tous les traits, par bloc", "Every trait, by block"),
    "edit_help": (
        "Laissez « Inconnu » ce que vous ne savez pas : ce n'est jamais lu comme « non ».",
        "Leave “Unknown” what you do not know: it is never read as “no”.",
    ),
    "save": ("Enregistrer les modifications", "Save the changes"),
    "diagnosis": ("Diagnostic", "Diagnosis"),
    "report": ("Rapport", "Report"),
    "report_frame": ("Rapport de diagnostic", "Diagnosis report"),
    "checklist": ("Liste de contrôle de la réunion de lancement", "Kickoff meeting checklist"),
    "checklist_frame": ("Liste de contrôle", "Checklist"),
    "matrix": ("Matrice des acteurs", "Stakeholder matrix"),
    "role": ("Acteur", "Stakeholder"),
    "phases": ("Phases", "Phases"),
    "risks": ("Risques", "Risks"),
    "listed": ("Déjà associé", "Already involved"),
    "downloads": ("Téléchargements", "Downloads"),
    "dl_description": ("Description (YAML)", "Description (YAML)"),
    "dl_report": ("Rapport (HTML)", "Report (HTML)"),
    "dl_register_csv": ("Registre des risques (CSV)", "Risk register (CSV)"),
    "dl_register_xlsx": ("Registre des risques (XLSX)", "Risk register (XLSX)"),
    "dl_checklist": ("Liste de contrôle (Markdown)", "Checklist (Markdown)"),
    "errors": ("Ce qui n'a pas pu être pris en compte", "What could not be taken into account"),
    "at": ("à", "at"),
    "hint": ("conseil", "hint"),
    "no_project": (
        "Commencez un nouveau projet ou ouvrez une description existante.",
        "Start a new project or open an existing description.",
    ),
    "summary": ("{findings} risque(s) identifié(s), {questions} question(s) ouverte(s).",
                "{findings} risk(s) found, {questions} open question(s)."),
    "footer": (
        "Tout reste sur cet ordinateur : le serveur ne garde rien, le projet voyage dans la page.",
        "Everything stays on this computer: the server keeps nothing, the project travels in the page.",
    ),
}

_WORDS: dict[str, dict[str, str]] = {
    "fr": {key: french_typography(fr) for key, (fr, _) in _RAW.items()},
    "en": {key: en for key, (_, en) in _RAW.items()},
}


def words(lang: str) -> Mapping[str, str]:
    """The page's words in ``lang`` (French unless English)."""
    return _WORDS["en" if lang == "en" else "fr"]


def page_lang(query: str | None, accept_language: str | None) -> str:
    """``?lang=`` when given, else the first of fr/en in ``Accept-Language`` by weight, else French."""
    if query in ("fr", "en"):
        return query
    best: tuple[float, int, str] | None = None
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("fr", "en"):
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and (best is None or (-weight, position) < (-best[0], best[1])):
            best = (weight, position, primary)
    return best[2] if best else "fr"
