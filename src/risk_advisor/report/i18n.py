"""Every string a report or a command prints, in French and in English.

``STRINGS`` maps a key to ``{"fr": …, "en": …}``; ``t(key, lang, **fields)`` formats one.
French strings are written with ordinary spaces and given French typography once, at import
(:func:`french_typography`): a no-break space before « : ; ? ! » and inside « guillemets », so
that a line never starts with a colon. ``tests/test_i18n.py`` fails when a key lacks a language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["LANGS", "NBSP", "STRINGS", "french_typography", "lang_from_env", "t"]

LANGS = ("fr", "en")
NBSP = "\u00a0"

_RAW: dict[str, dict[str, str]] = {
    # --- titles and sections
    "report.title": {"fr": "Diagnostic des risques", "en": "Risk diagnosis"},
    "report.reference": {"fr": "Référence : {reference}", "en": "Reference: {reference}"},
    "report.generated_by": {
        "fr": "Produit par risk-advisor {tool} (catalogue {catalogue}, schéma {schema}).",
        "en": "Produced by risk-advisor {tool} (catalogue {catalogue}, schema {schema}).",
    },
    "section.summary": {"fr": "Synthèse", "en": "Summary"},
    "section.matrix": {"fr": "Matrice des risques", "en": "Risk matrix"},
    "section.graph": {"fr": "Carte du projet", "en": "Project map"},
    "section.findings": {"fr": "Risques identifiés", "en": "Risks found"},
    "section.acknowledged": {"fr": "Risques acceptés", "en": "Accepted risks"},
    "section.plan": {"fr": "Plan d'action", "en": "Action plan"},
    "section.stakeholders": {"fr": "Matrice des acteurs", "en": "Stakeholder matrix"},
    "section.root_causes": {"fr": "Causes racines", "en": "Root causes"},
    "section.questions": {"fr": "Questions ouvertes", "en": "Open questions"},
    # --- summary
    "summary.line": {
        "fr": "{findings} risque(s) identifié(s), {questions} question(s) ouverte(s), {accepted} risque(s) accepté(s).",
        "en": "{findings} risk(s) found, {questions} open question(s), {accepted} accepted risk(s).",
    },
    "summary.highest": {"fr": "Niveau le plus élevé : {level}.", "en": "Highest level: {level}."},
    "summary.none": {"fr": "Aucun risque identifié.", "en": "No risk found."},
    "summary.by_level": {"fr": "Par niveau", "en": "By level"},
    "summary.expired": {
        "fr": "{count} acceptation(s) de risque arrivée(s) à échéance : ces risques sont de nouveau à traiter.",
        "en": "{count} risk acceptance(s) past their review date: these risks must be treated again.",
    },
    # --- finding details
    "finding.score": {"fr": "score {score}", "en": "score {score}"},
    "finding.level": {"fr": "Niveau", "en": "Level"},
    "finding.scenario": {"fr": "Scénario noir", "en": "Black scenario"},
    "finding.because": {"fr": "Parce que", "en": "Because"},
    "finding.remedies": {"fr": "À faire", "en": "To do"},
    "finding.stakeholders": {"fr": "Acteurs à associer", "en": "Stakeholders to involve"},
    "finding.phases": {"fr": "Phases", "en": "Phases"},
    "finding.sources": {"fr": "Sources", "en": "Sources"},
    "finding.likelihood": {"fr": "Probabilité", "en": "Likelihood"},
    "finding.impact": {"fr": "Impact", "en": "Impact"},
    "finding.pattern": {"fr": "Règle {rule} (score {score}), parce que", "en": "Rule {rule} (score {score}), because"},
    "finding.patterns": {
        "fr": "Révélé par {count} règles ; niveau et score sont ceux de la plus élevée.",
        "en": "Revealed by {count} rules; its level and score are the highest of theirs.",
    },
    "finding.ack_id": {
        "fr": "Pour l'accepter, le citer dans acknowledged_risks : {risk}",
        "en": "To accept it, name it under acknowledged_risks: {risk}",
    },
    "finding.remedy_detail": {
        "fr": "{owner}, phase {phase}, effort {effort}",
        "en": "{owner}, {phase} phase, {effort} effort",
    },
    "finding.expired": {
        "fr": "Acceptation échue le {date} (responsable : {owner}) : ce risque est de nouveau à traiter. "
        "Justification d'origine : {justification}",
        "en": "Acceptance lapsed on {date} (owner: {owner}): this risk must be treated again. "
        "Original justification: {justification}",
    },
    "ack.accepted": {"fr": "Accepté", "en": "Accepted"},
    "section.unused_acks": {"fr": "Acceptations sans constat", "en": "Acknowledgements with no finding"},
    "unused.line": {
        "fr": "accepté par {owner} jusqu'au {date}, mais aucune règle ne relève ce risque : "
        "retirez l'entrée si elle n'a plus lieu d'être",
        "en": "accepted by {owner} until {date}, but no rule finds this risk: remove the entry if it is stale",
    },
    "ack.justification": {"fr": "Justification", "en": "Justification"},
    "ack.owner": {"fr": "Responsable", "en": "Owner"},
    "ack.review": {"fr": "À réexaminer le", "en": "Review on"},
    "ack.line": {
        "fr": "accepté par {owner}, à réexaminer le {date} : {justification}",
        "en": "accepted by {owner}, to review on {date}: {justification}",
    },
    # --- because: how a fact reads
    "because.risk": {"fr": "le risque « {title} » est présent", "en": "the risk “{title}” is present"},
    "because.involves": {"fr": "{role} associés", "en": "{role} involved"},
    "because.involves_phase": {
        "fr": "{role} associés en phase « {phase} »",
        "en": "{role} involved in the {phase} phase",
    },
    "value.true": {"fr": "oui", "en": "yes"},
    "value.false": {"fr": "non", "en": "no"},
    "value.unknown": {"fr": "inconnu", "en": "unknown"},
    # `risk-advisor rules list`
    "rules.column.id": {"fr": "ID", "en": "ID"},
    "rules.column.level": {"fr": "NIVEAU", "en": "LEVEL"},
    "rules.column.score": {"fr": "SCORE", "en": "SCORE"},
    "rules.column.title": {"fr": "TITRE", "en": "TITLE"},
    "rules.count": {"fr": "{count} règles, catalogue {version}", "en": "{count} rules, catalogue {version}"},
    "value.empty": {"fr": "aucun", "en": "none"},
    # --- matrix and graph pictures
    "matrix.caption": {
        "fr": "Probabilité (horizontale) × impact (verticale). Chaque numéro renvoie à un risque ; "
        "les cercles vides sont des risques acceptés.",
        "en": "Likelihood (across) × impact (up). Each number is a risk; hollow circles are accepted risks.",
    },
    "matrix.likelihood": {"fr": "Probabilité", "en": "Likelihood"},
    "matrix.impact": {"fr": "Impact", "en": "Impact"},
    "graph.caption": {
        "fr": "Chaque risque relié aux actions qui y répondent, chaque action à son responsable ; "
        "en pointillés, les acteurs à associer.",
        "en": "Each risk linked to the actions answering it, each action to its owner; "
        "dotted, the stakeholders to involve.",
    },
    "graph.risks": {"fr": "Risques", "en": "Risks"},
    "graph.remedies": {"fr": "Actions", "en": "Actions"},
    "graph.stakeholders": {"fr": "Acteurs", "en": "Stakeholders"},
    "graph.empty": {"fr": "Aucun risque à cartographier.", "en": "No risk to map."},
    # --- tables
    "col.action": {"fr": "Action", "en": "Action"},
    "col.owner": {"fr": "Responsable", "en": "Owner"},
    "col.phase": {"fr": "Phase", "en": "Phase"},
    "col.effort": {"fr": "Effort", "en": "Effort"},
    "col.answers": {"fr": "Répond à", "en": "Answers"},
    "col.role": {"fr": "Acteur", "en": "Stakeholder"},
    "col.phases": {"fr": "Phases", "en": "Phases"},
    "col.risks": {"fr": "Risques", "en": "Risks"},
    "col.listed": {"fr": "Déjà prévu dans le projet", "en": "Already listed in the project"},
    "col.question": {"fr": "Question", "en": "Question"},
    "col.risk": {"fr": "Risque", "en": "Risk"},
    "col.removes": {"fr": "Traiter cette cause écarte", "en": "Treating this cause removes"},
    "empty.plan": {"fr": "Pas de plan d'action calculé.", "en": "No action plan computed."},
    "empty.stakeholders": {"fr": "Pas de matrice des acteurs calculée.", "en": "No stakeholder matrix computed."},
    "empty.questions": {"fr": "Aucune question ouverte.", "en": "No open question."},
    # --- open questions (issue 12)
    "col.trait": {"fr": "Caractéristique", "en": "Trait"},
    "questions.more": {
        "fr": "… et {count} autre(s) question(s) : le rapport JSON les donne toutes.",
        "en": "… and {count} more question(s): the JSON report has them all.",
    },
    "hint.interview": {
        "fr": "Description presque vide : commencez par `risk-advisor interview FICHIER`, "
        "qui pose une à une les questions qui comptent.",
        "en": "Almost nothing is described: start with `risk-advisor interview FILE`, "
        "which asks the questions that matter one at a time.",
    },
    # --- CSV risk register (column headers and cell values)
    "csv.id": {"fr": "ID du risque", "en": "Risk ID"},
    "csv.rules": {"fr": "Règles", "en": "Rules"},
    "csv.risk": {"fr": "Risque", "en": "Risk"},
    "csv.description": {"fr": "Description (scénario noir)", "en": "Description (black scenario)"},
    "csv.category": {"fr": "Catégorie", "en": "Category"},
    "category.governance": {"fr": "gouvernance", "en": "governance"},
    "category.stakeholders": {"fr": "acteurs", "en": "stakeholders"},
    "category.consultation": {"fr": "concertation", "en": "consultation"},
    "category.budget": {"fr": "budget", "en": "budget"},
    "category.schedule": {"fr": "calendrier", "en": "schedule"},
    "category.legal": {"fr": "juridique", "en": "legal"},
    "category.technical": {"fr": "technique", "en": "technical"},
    "category.communication": {"fr": "communication", "en": "communication"},
    "category.operation": {"fr": "exploitation", "en": "operation"},
    "category.evaluation": {"fr": "évaluation", "en": "evaluation"},
    "csv.likelihood": {"fr": "Probabilité (1-5)", "en": "Likelihood (1-5)"},
    "csv.impact": {"fr": "Impact (1-5)", "en": "Impact (1-5)"},
    "csv.score": {"fr": "Score (1-25)", "en": "Score (1-25)"},
    "csv.level": {"fr": "Niveau", "en": "Level"},
    "csv.owner": {"fr": "Responsable", "en": "Owner"},
    "csv.response": {"fr": "Réponse", "en": "Response"},
    "csv.trigger": {"fr": "Déclencheur", "en": "Trigger"},
    "csv.remedies": {"fr": "Actions", "en": "Remedies"},
    "csv.status": {"fr": "Statut", "en": "Status"},
    "csv.acknowledgement": {"fr": "Acceptation", "en": "Acknowledgement"},
    "response.avoid": {"fr": "éviter", "en": "avoid"},
    "response.mitigate": {"fr": "réduire", "en": "mitigate"},
    "response.transfer": {"fr": "transférer", "en": "transfer"},
    "response.accept": {"fr": "accepter", "en": "accept"},
    "status.open": {"fr": "ouvert", "en": "open"},
    "status.accepted": {"fr": "accepté", "en": "accepted"},
    "status.reopened": {"fr": "rouvert (acceptation échue)", "en": "reopened (acceptance lapsed)"},
    "status.in_progress": {"fr": "en cours de traitement", "en": "in progress"},
    "status.closed": {"fr": "clos", "en": "closed"},
    "cli.binary_to_terminal": {
        "fr": "un classeur Excel ne s'affiche pas dans un terminal : écrivez-le dans un fichier avec -o registre.xlsx",
        "en": "an Excel workbook cannot be shown in a terminal: write it to a file with -o register.xlsx",
    },
    # --- diff
    "diff.title": {"fr": "Évolution du diagnostic", "en": "What changed"},
    "diff.summary": {
        "fr": "{new} nouveau(x) risque(s), {worse} aggravé(s), {better} atténué(s), {resolved} résolu(s), "
        "{unchanged} inchangé(s) ; {answered} question(s) tranchée(s), {appeared} nouvelle(s) question(s).",
        "en": "{new} new risk(s), {worse} worse, {better} better, {resolved} resolved, {unchanged} unchanged; "
        "{answered} question(s) answered, {appeared} new question(s).",
    },
    "diff.new": {"fr": "Nouveaux risques", "en": "New risks"},
    "diff.worse": {"fr": "Risques aggravés", "en": "Worse"},
    "diff.better": {"fr": "Risques atténués", "en": "Better"},
    "diff.resolved": {"fr": "Risques résolus", "en": "Resolved"},
    "diff.unchanged": {"fr": "Risques inchangés", "en": "Unchanged"},
    "diff.acknowledgements_expired": {"fr": "Acceptations arrivées à échéance", "en": "Acceptances that lapsed"},
    "diff.questions_answered": {"fr": "Questions tranchées", "en": "Questions answered"},
    "diff.questions_appeared": {"fr": "Nouvelles questions", "en": "New questions"},
    "diff.none": {"fr": "Aucun.", "en": "None."},
    "diff.level_score": {"fr": "{level} (score {score})", "en": "{level} (score {score})"},
    "diff.expired_item": {
        "fr": "[{risk}] {title} — accepté par {owner} jusqu'au {date} : {justification}",
        "en": "[{risk}] {title} — accepted by {owner} until {date}: {justification}",
    },
    "diff.warning.different_project": {
        "fr": "Les deux descriptions ne portent pas le même nom ou la même référence ({old} / {new}) : "
        "vérifiez qu'il s'agit bien du même projet.",
        "en": "The two descriptions have different names or references ({old} / {new}): "
        "check that they describe the same project.",
    },
    "diff.warning.different_catalogue": {
        "fr": "Les deux diagnostics n'utilisent pas le même catalogue ({old_catalogue} / {new_catalogue}) : "
        "une différence peut venir des règles et non du projet.",
        "en": "The two diagnoses use different catalogues ({old_catalogue} / {new_catalogue}): "
        "a difference may come from the rules, not from the project.",
    },
    "diff.warning.different_language": {
        "fr": "Les deux diagnostics ne sont pas dans la même langue : les titres sont ceux du nouveau.",
        "en": "The two diagnoses are in different languages: titles are the new one's.",
    },
    "diff.footer": {
        "fr": "Produit par risk-advisor (catalogue {old} → {new}).",
        "en": "Produced by risk-advisor (catalogue {old} → {new}).",
    },
    # --- Excel workbooks
    "xlsx.subject": {"fr": "Registre des risques", "en": "Risk register"},
    "xlsx.comments": {
        "fr": "Produit par risk-advisor {tool} (catalogue {catalogue}).",
        "en": "Produced by risk-advisor {tool} (catalogue {catalogue}).",
    },
    "xlsx.sheet.register": {"fr": "Registre des risques", "en": "Risk register"},
    "xlsx.sheet.plan": {"fr": "Plan d'action", "en": "Action plan"},
    "xlsx.sheet.questions": {"fr": "Questions ouvertes", "en": "Open questions"},
    "xlsx.sheet.lists": {"fr": "Listes", "en": "Lists"},
    "xlsx.sheet.summary": {"fr": "Synthèse", "en": "Summary"},
    "xlsx.sheet.projects": {"fr": "Projets", "en": "Projects"},
    "xlsx.status_error": {
        "fr": "Choisissez un statut dans la liste.",
        "en": "Choose a status from the list.",
    },
    "xlsx.owner_hint": {
        "fr": "Ce responsable n'est pas dans la liste des rôles : gardez-le s'il s'agit d'une personne.",
        "en": "This owner is not among the listed roles: keep it if it is a person.",
    },
    "xlsx.action": {"fr": "Action", "en": "Action"},
    "xlsx.effort": {"fr": "Effort", "en": "Effort"},
    "xlsx.answers": {"fr": "Risques traités", "en": "Risks answered"},
    "xlsx.question": {"fr": "Question", "en": "Question"},
    "xlsx.trait": {"fr": "Champ du fichier projet", "en": "Project file field"},
    "xlsx.risks": {"fr": "Risques concernés", "en": "Risks concerned"},
    "xlsx.yes": {"fr": "oui", "en": "yes"},
    "xlsx.no": {"fr": "non", "en": "no"},
    "xlsx.portfolio_title": {"fr": "Portefeuille de projets", "en": "Project portfolio"},
    "xlsx.section": {"fr": "Rubrique", "en": "Section"},
    "xlsx.measure": {"fr": "Indicateur", "en": "Measure"},
    "xlsx.value": {"fr": "Valeur", "en": "Value"},
    "xlsx.reference": {"fr": "Référence", "en": "Reference"},
    "xlsx.name": {"fr": "Projet", "en": "Project"},
    "xlsx.source_row": {"fr": "Ligne source", "en": "Source row"},
    "xlsx.highest": {"fr": "Niveau le plus élevé", "en": "Highest level"},
    "xlsx.open_questions": {"fr": "Questions ouvertes", "en": "Open questions"},
    "xlsx.top_risks": {"fr": "Principaux risques", "en": "Top risks"},
    "xlsx.notes": {"fr": "Notes d'import", "en": "Import notes"},
    "ack.cell": {
        "fr": "{justification} (responsable : {owner} ; réexamen : {date})",
        "en": "{justification} (owner: {owner}; review: {date})",
    },
    "ack.cell_expired": {
        "fr": "ÉCHUE le {date} : {justification} (responsable : {owner})",
        "en": "LAPSED on {date}: {justification} (owner: {owner})",
    },
    # --- checklist
    "checklist.title": {"fr": "Liste de lancement", "en": "Kickoff checklist"},
    "checklist.intro": {
        "fr": "À passer en revue à la réunion de lancement. Cocher chaque action une fois engagée.",
        "en": "To go through at the kickoff meeting. Tick each action once it is under way.",
    },
    "checklist.actions": {"fr": "Actions, par phase", "en": "Actions, by phase"},
    "checklist.phase": {"fr": "Phase « {phase} »", "en": "{phase} phase"},
    "checklist.action_meta": {
        "fr": "responsable : {owner} ; répond à : {risks}",
        "en": "owner: {owner}; answers: {risks}",
    },
    "checklist.success_factors": {"fr": "Facteurs de succès à sécuriser", "en": "Success factors to secure"},
    "checklist.questions": {
        "fr": "Questions à trancher avant le lancement",
        "en": "Questions to settle before kickoff",
    },
    "checklist.invite": {"fr": "Acteurs à inviter", "en": "Stakeholders to invite"},
    "checklist.not_listed": {"fr": "pas encore prévu dans le projet", "en": "not yet listed in the project"},
    "checklist.none": {"fr": "Rien à signaler.", "en": "Nothing to report."},
    "checklist.kind": {"fr": "Rubrique", "en": "Section"},
    "checklist.kind.action": {"fr": "action", "en": "action"},
    "checklist.kind.success_factor": {"fr": "facteur de succès", "en": "success factor"},
    "checklist.kind.question": {"fr": "question", "en": "question"},
    "checklist.kind.stakeholder": {"fr": "acteur à inviter", "en": "stakeholder to invite"},
    "checklist.item": {"fr": "Élément", "en": "Item"},
    "checklist.done": {"fr": "Fait", "en": "Done"},
    "checklist.details": {"fr": "Détails", "en": "Details"},
    # --- command line messages
    "cli.written": {"fr": "Écrit : {path} ({format})", "en": "Written: {path} ({format})"},
    "cli.unknown_extension": {
        "fr": "impossible de déduire le format de « {path} » : "
        "utilisez l'une des extensions {extensions}, ou précisez --format",
        "en": "cannot tell the format of “{path}”: use one of the extensions {extensions}, or give --format",
    },
    "cli.format_with_outputs": {
        "fr": "--format ne s'applique qu'à une seule sortie : "
        "avec plusieurs --output, le format vient de l'extension de chaque fichier",
        "en": "--format applies to a single output only: with several --output, each file's extension gives its format",
    },
    "cli.format_not_allowed": {
        "fr": "le format « {format} » n'est pas proposé ici : choisissez parmi {formats}",
        "en": "the format “{format}” is not offered here: choose among {formats}",
    },
    "cli.overwrite_input": {
        "fr": "refus d'écrire « {path} » : c'est l'entrée « {input} » (ou un lien vers elle) ; "
        "rien n'a été lu ni écrit, choisissez un autre nom pour --output",
        "en": "refusing to write “{path}”: it is the input “{input}” (or a link to it); "
        "nothing was read or written, choose another name for --output",
    },
    "cli.output_in_input_folder": {
        "fr": "refus d'écrire « {path} » : ce fichier serait lu comme un projet du dossier d'entrée « {input} » ; "
        "rien n'a été lu ni écrit, écrivez le rapport ailleurs",
        "en": "refusing to write “{path}”: it would be read as a project of the input folder “{input}”; "
        "nothing was read or written, write the report elsewhere",
    },
    "cli.extension_not_allowed": {
        "fr": "« {path} » désigne le format « {format} », que cette commande n'écrit pas : "
        "utilisez l'une des extensions {extensions}, ou précisez --format",
        "en": "“{path}” names the format “{format}”, which this command does not write: "
        "use one of the extensions {extensions}, or give --format",
    },
    "cli.not_projects": {
        "fr": "ignorés : {count} fichier(s) qui ne sont pas des descriptions de projet "
        "(aucune clé de projet, pas de `name`) : {files}",
        "en": "skipped: {count} file(s) that are not project descriptions (no project key, no `name`): {files}",
    },
    "cli.interrupted": {
        "fr": "interrompu : rien n'a été écrit",
        "en": "interrupted: nothing was written",
    },
    "cli.interrupted_stream": {
        "fr": "interrompu : la sortie standard est incomplète",
        "en": "interrupted: the standard output is incomplete",
    },
    "cli.duplicate_output": {
        "fr": "le fichier « {path} » est demandé deux fois avec --output",
        "en": "the file “{path}” is given twice to --output",
    },
    "cli.no_directory": {
        "fr": "le dossier « {path} » n'existe pas : créez-le ou choisissez un autre chemin pour --output",
        "en": "the folder “{path}” does not exist: create it or choose another path for --output",
    },
    "cli.output_is_directory": {
        "fr": "« {path} » est un dossier : donnez un nom de fichier à --output",
        "en": "“{path}” is a folder: give --output a file name",
    },
    "cli.write_failed": {
        "fr": "impossible d'écrire « {path} » : {reason}",
        "en": "cannot write “{path}”: {reason}",
    },
}

_SPACE_BEFORE = re.compile(r"[ \u202f]([:;?!»])")
_SPACE_AFTER = re.compile(r"(«)[ \u202f]")


def french_typography(text: str) -> str:
    """Turn the ordinary space before « : ; ? ! » and inside guillemets into a no-break space.

    Only existing spaces change, so ``https://…`` or ``10:30`` are left as they are.
    """
    return _SPACE_AFTER.sub(rf"\1{NBSP}", _SPACE_BEFORE.sub(rf"{NBSP}\1", text))


STRINGS: dict[str, dict[str, str]] = {
    key: {lang: french_typography(text) if lang == "fr" else text for lang, text in texts.items()}
    for key, texts in _RAW.items()
}


def t(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (French when ``lang`` is not English), formatted."""
    text = STRINGS[key]["en" if lang == "en" else "fr"]
    return text.format(**fields) if fields else text


def lang_from_env(environ: Mapping[str, str]) -> str:
    """The report language the locale asks for: English for ``en*``, otherwise French.

    The first variable set among LC_ALL, LC_MESSAGES and LANG decides, as in POSIX.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"
