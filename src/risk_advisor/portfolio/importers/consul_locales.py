"""The words of CONSUL's admin CSV in each locale it ships, as data.

``app/models/budget/investment/exporter.rb`` writes its header with
``I18n.t("admin.budget_investments.index.list.<key>")``, the feasibility cell with
``admin.budget_investments.index.feasibility.<state>`` (plus `` (<formatted price>)`` when
feasible) and booleans with ``shared.yes``/``shared.no``, all in the admin's locale. The
labels below are copied from ``config/locales/<locale>/admin.yml`` of consuldemocracy/
consuldemocracy (en, es, fr, de-DE, nl, it, pt-BR; fr from a 2.x fork of the same file,
rockandror/consuldemocracy) and ``spec/system/admin/budget_investments_spec.rb`` (the English header
and values the exporter is tested against). Rails falls back to English for a key a locale
lacks (the nl file keeps ``Title``, ``Feasibility``, ``Feasible (%{price})`` in English), so
every locale's labels are pooled: a header or a value is read whatever mix it is written in.

Not included: the other locales CONSUL ships (ca, gl, eu, val, pl, sv, zh…), whose files could
not be read here; a file in such a locale is not detected, and ``--from consul`` says which
columns it did not recognise.
The ``description``, ``unfeasibility_explanation`` and ``created_at`` columns of the older and
newer exporters are known in English only.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FEASIBILITY", "HEADERS", "NO", "REQUIRED", "YES", "fold"]


def fold(text: str) -> str:
    """Case, accents and typographic apostrophes ignored, for matching labels."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


# exporter key → the label in each locale (en, es, fr, de-DE, nl, it, pt-BR, in that order, where
# they differ)
_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("ID",),
    "title": ("Title", "Título", "Titre", "Titel", "Titolo"),
    "supports": ("Supports", "Apoyos", "Soutiens", "Unterstützung", "Steunt", "Sostegni", "Apoios"),
    "description": ("Description",),
    "admin": ("Administrator", "Administrador", "Administrateur", "Beheerder", "Amministratore"),
    "valuator": ("Valuator", "Evaluador", "Évaluateur", "Begutachter/in", "beoordelaar", "Valutatore", "Avaliador"),
    "valuation_group": (
        "Valuation Group", "Grupos evaluadores", "Groupe d’évaluation", "Bewertungsgruppe", "Beoordelingsgroep",
        "Gruppo di Stima", "Grupo de avaliação",
    ),
    "geozone": (
        "Scope of operation", "Ámbito de actuación", "Portée de l'opération", "Rahmenbedingungen",
        "Betreffende regio", "Ambito operativo", "Escopo da operação",
    ),
    "feasibility": ("Feasibility", "Viabilidad", "Faisabilité", "Durchführbarkeit", "Fattibilità", "Viabilidade"),
    "valuation_finished": (
        "Val. Fin.", "Ev. Fin.", "Ev. Ter.", "Bew. Fin.", "Beoordeling gedaan", "Stim. Conc.", "Valor Final.",
    ),
    "unfeasibility_explanation": ("Unfeasibility explanation",),
    "selected": ("Selected", "Seleccionado", "Sélectionné", "Ausgewählt", "Geselecteerd", "Selezionato", "Selecionado"),
    "visible_to_valuators": (
        "Show to valuators", "Mostrar a evaluadores", "Montrer aux évaluateurs",
        "Den Begutachtern/Begutachterinnen zeigen", "Voeg toe aan beoordelaars", "Mostrare agli stimatori",
        "Apresentar aos avaliadores",
    ),
    "author_username": (
        "Author username", "Usuario autor", "Nom de l'auteur", "Benutzer*innenname des/der Verfasser*in",
        "Gebruikersnaam van de auteur", "Username dell’autore", "Username do autor",
    ),
    "incompatible": ("Incompatible", "Incompatibles", "Inkompatibel", "Onverenigbaar", "Incompatibile", "Incompatível"),
    # the one-row-per-comment variant (spec/models/budget/investment/exporter_spec.rb)
    "created_at": ("Created at",),
    "comment_id": ("Comment ID",),
    "comment_author": ("Comment Author",),
    "comment_content": ("Comment Content",),
    "comment_parent": ("Comment Parent",),
    "comment_created_at": ("Comment Created at",),
}  # fmt: skip

HEADERS: dict[str, str] = {fold(label): key for key, labels in _HEADERS.items() for label in labels}
"""Folded label → exporter key."""

REQUIRED = ("id", "title", "feasibility", "valuation_finished", "selected")
"""The keys every version of the admin export has: the header set that identifies it."""

# admin.budget_investments.index.feasibility.* (the price follows a feasible label)
FEASIBILITY: dict[str, str] = {
    **{fold(w): "feasible" for w in ("Feasible", "Viable", "Réalisable", "Durchführbar", "Fattibile", "Factível")},
    **{fold(w): "unfeasible" for w in ("Unfeasible", "Inviable", "Infaisable", "Undurchführbar", "Irrealizzabile",
                                       "Inviável")},
    **{fold(w): "undecided" for w in ("Undecided", "Sin decidir", "Incertain", "Offen", "Nessuna decisione",
                                      "Não decidido")},
}

# shared.yes / shared.no (config/locales/<locale>/general.yml; es writes "Sí", some files "Si")
YES = frozenset(fold(w) for w in ("Yes", "Sí", "Oui", "Ja", "Sim"))
NO = frozenset(fold(w) for w in ("No", "Non", "Nein", "Nee", "Não"))
