"""The project description: what a project lead writes, what the rules read.

Every trait is optional and ``None`` means **unknown**, never "no". A rule that depends on an
unknown trait does not fire: it asks the trait's question instead. Each field's documentation
is that question, in French and in English, so the JSON Schema, the open questions of a
diagnosis and an editor's tooltip all say the same thing.

The dotted paths of the fields (``governance.technical_lookout``) are the names rules use:
they are a public contract. Add fields freely; never rename one.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.config import JsonDict

from .vocabulary import (
    EstimateQuality,
    Origin,
    Phase,
    PresentationMeans,
    ProjectKind,
    ProjectLeadKind,
    Role,
    Sponsor,
    Territory,
    UserStage,
)

__all__ = [
    "AcknowledgedRisk",
    "Authority",
    "Budget",
    "Building",
    "Canteen",
    "Communication",
    "Consultation",
    "DigitalService",
    "Evaluation",
    "Governance",
    "MediaLibrary",
    "Operation",
    "ParticipatoryBudget",
    "Project",
    "PublicSpace",
    "Schedule",
    "Site",
    "Stakeholder",
    "Works",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Euros = Annotated[int, Field(ge=0, le=10**12)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000)]


def trait(fr: str, en: str, **kwargs: Any) -> Any:
    """A field that may be unknown, documented by its question in French and English."""
    extra: JsonDict = {"question_fr": fr, "question_en": en}
    return Field(default=None, description=f"{fr} / {en}", json_schema_extra=extra, **kwargs)


# Yes/no traits read French answers too (pydantic already reads yes/no, true/false, on/off).
_YES_NO = {"oui": True, "non": False, "vrai": True, "faux": False}


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _french_yes_no(cls, data: Any) -> Any:
        """``oui``/``non`` (any case) for a yes/no trait, in YAML, JSON strings or TOML."""
        if not isinstance(data, dict):
            return data
        fixed: dict[str, Any] | None = None
        for name, value in data.items():
            if isinstance(value, str) and value.strip().lower() in _YES_NO and name in _yes_no_fields(cls):
                fixed = fixed if fixed is not None else dict(data)
                fixed[name] = _YES_NO[value.strip().lower()]
        return data if fixed is None else fixed


@cache
def _yes_no_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, f in model.model_fields.items() if f.annotation in (bool, bool | None))


class Authority(_Block):
    """La collectivité qui porte le projet / The authority running the project."""

    name: ShortText | None = trait("Quelle collectivité porte le projet ?", "Which authority runs the project?")
    population: Annotated[int, Field(ge=0, le=100_000_000)] | None = trait(
        "Combien d'habitants compte la collectivité ?", "How many inhabitants does the authority have?"
    )
    territory: Territory | None = trait(
        "Dans quel territoire se situe la collectivité (hexagone ou outre-mer) ?",
        "Where is the authority (mainland France or overseas)?",
    )


class Governance(_Block):
    """Pilotage du projet / How the project is steered."""

    sponsors: tuple[Sponsor, ...] | None = trait(
        "Qui porte le projet : direction générale, élus, services concernés ?",
        "Who sponsors the project: general management, elected officials, services concerned?",
    )
    project_lead: bool | None = trait("Un chef de projet est-il désigné ?", "Is a project lead appointed?")
    project_lead_kind: ProjectLeadKind | None = trait(
        "Qui conduit le projet au quotidien : un collectif d'habitants, une association, un service, "
        "un chef de projet dédié, un élu, un assistant à maîtrise d'ouvrage ?",
        "Who leads the project day to day: a citizen collective, an association, a service, "
        "a dedicated project manager, an elected official, an external project assistant?",
    )
    project_lead_technical: bool | None = trait(
        "Le chef de projet a-t-il un profil technique ?", "Does the project lead have a technical profile?"
    )
    steering_committee: bool | None = trait(
        "Un comité de pilotage (COPIL) est-il constitué ?", "Is there a steering committee (COPIL)?"
    )
    technical_committee: bool | None = trait(
        "Un comité technique (COTECH) est-il constitué ?", "Is there a technical committee (COTECH)?"
    )
    cross_service_team: bool | None = trait(
        "L'équipe projet est-elle transversale (plusieurs services) ?",
        "Is the project team cross-service (several services)?",
    )
    technical_lookout: bool | None = trait(
        "L'équipe projet comprend-elle une vigie technique et réglementaire ?",
        "Does the project team include a technical and regulatory lookout?",
    )
    methodology: bool | None = trait(
        "Le projet suit-il une méthodologie de projet explicite ?",
        "Does the project follow an explicit project methodology?",
    )
    methodology_training: bool | None = trait(
        "Les acteurs du projet sont-ils sensibilisés ou formés à la méthodologie de projet ?",
        "Are the project's actors made aware of, or trained in, project methodology?",
    )
    stable_team: bool | None = trait(
        "L'équipe projet est-elle cohérente et stable dans la durée ?",
        "Is the project team coherent and stable over time?",
    )
    clear_political_project: bool | None = trait(
        "Le projet politique est-il clair, durable et stable ?",
        "Is the political project clear, lasting and stable?",
    )
    knowledge_shared: bool | None = trait(
        "La connaissance du projet (données, décisions, contacts) est-elle partagée et documentée, "
        "pas détenue par une seule personne ?",
        "Is the project's knowledge (data, decisions, contacts) documented and shared, not held by one person?",
    )
    steered_by_existing_body: bool | None = trait(
        "Sans COPIL, une instance de la collectivité qui arbitre (comité de suivi…) pilote-t-elle le projet ?",
        "Without a COPIL, is the project steered by a deciding body of the authority (follow-up committee…)?",
    )
    other_authority_competence: bool | None = trait(
        "Une partie du projet relève-t-elle de la compétence ou de la propriété d'une autre collectivité "
        "(voirie départementale, réseaux intercommunaux…) ?",
        "Does part of the project fall within another authority's competence or ownership "
        "(departmental road, intercommunal networks…)?",
    )
    shared_ownership_agreement: bool | None = trait(
        "Une convention organise-t-elle la maîtrise d'ouvrage entre les collectivités concernées ?",
        "Does an agreement organise project ownership (maîtrise d'ouvrage) between the authorities concerned?",
    )


class Stakeholder(_Block):
    """Un acteur du projet / One stakeholder of the project."""

    role: Role = Field(description="Rôle de l'acteur / The stakeholder's role")
    name: ShortText | None = Field(default=None, description="Nom ou service / Name or department")
    phases: tuple[Phase, ...] | None = trait(
        "À quelles phases cet acteur est-il associé ?", "In which phases is this stakeholder involved?"
    )


class Consultation(_Block):
    """Concertation et association des usagers / Consultation and user involvement."""

    needs_defined_with_all_actors: bool | None = trait(
        "Le besoin a-t-il été défini précisément avec l'ensemble des acteurs ?",
        "Was the need defined precisely with all the actors?",
    )
    users_involved_at: tuple[UserStage, ...] | None = trait(
        "À quelles étapes les usagers sont-ils associés (besoin, conception, mise en œuvre, évaluation) ?",
        "At which stages are users involved (needs, design, implementation, evaluation)?",
    )
    presentation_means: tuple[PresentationMeans, ...] | None = trait(
        "Quels moyens de présentation du projet sont prévus (plans, vues 3D, visites, ateliers…) ?",
        "Which means of presenting the project are planned (plans, 3D views, site visits, workshops…)?",
    )
    single_contact: bool | None = trait(
        "Un interlocuteur unique est-il désigné pour les habitants ?",
        "Is a single contact person appointed for residents?",
    )
    designer_in_consultation: bool | None = trait(
        "Le maître d'œuvre participe-t-il à la concertation ?",
        "Does the design and site-supervision team (maître d'œuvre) take part in the consultation?",
    )
    actors_informed: bool | None = trait(
        "Le projet a-t-il été expliqué à chaque acteur (pédagogie, concertation) ?",
        "Has the project been explained to every actor (consultation, awareness)?",
    )
    users_informed: bool | None = trait(
        "Les usagers et les familles sont-ils sensibilisés à la démarche ?",
        "Are users and families made aware of the approach?",
    )
    all_actors_support: bool | None = trait(
        "Tous les acteurs (élus, personnel, habitants, producteurs…) adhèrent-ils au projet ?",
        "Do all actors (elected officials, staff, residents, producers…) support the project?",
    )
    feedback_to_participants: bool | None = trait(
        "Un retour est-il fait aux participants sur ce que devient leur contribution ?",
        "Do participants get feedback on what becomes of their contribution?",
    )
    participation_representative: bool | None = trait(
        "La participation reflète-t-elle la population (quartiers, âges, publics éloignés) ?",
        "Does participation reflect the population (neighbourhoods, ages, hard-to-reach groups)?",
    )


class Budget(_Block):
    """Budget et moyens / Budget and resources."""

    investment: Euros | None = trait(
        "Quel est le budget d'investissement, en euros ?", "What is the investment budget, in euros?"
    )
    running_cost_per_year: Euros | None = trait(
        "Quel est le coût de fonctionnement annuel estimé, en euros ?",
        "What is the estimated yearly running cost, in euros?",
    )
    running_cost_budgeted: bool | None = trait(
        "Le coût de fonctionnement est-il prévu au budget de l'année d'ouverture ?",
        "Is the running cost provided for in the budget of the opening year?",
    )
    estimate_quality: EstimateQuality | None = trait(
        "Quelle est la qualité de l'estimation des coûts (aucune, grossière, réaliste) ?",
        "How good is the cost estimate (none, rough, realistic)?",
    )
    extra_cost_expected: bool | None = trait(
        "Le projet entraîne-t-il un surcoût par rapport à l'existant ?",
        "Does the project bring an extra cost compared with today?",
    )
    extra_cost_accepted: bool | None = trait(
        "Le surcoût éventuel est-il accepté ?", "Is the possible extra cost accepted?"
    )
    extra_cost_covered_by_authority: bool | None = trait(
        "La collectivité prend-elle en charge le surcoût ?", "Does the authority cover the extra cost?"
    )
    human_resources_planned: bool | None = trait(
        "Les moyens humains nécessaires sont-ils prévus en amont ?",
        "Are the human resources needed planned upfront?",
    )
    economic_benefits_shown: bool | None = trait(
        "Les retombées économiques attendues sont-elles démontrées ?",
        "Are the expected economic benefits demonstrated?",
    )
    multi_year_forecast: bool | None = trait(
        "Le coût de fonctionnement figure-t-il dans la prospective financière pluriannuelle de la collectivité ?",
        "Is the running cost included in the authority's multi-year financial forecast?",
    )
    grants_requested: bool | None = trait(
        "Des subventions d'investissement (DETR, DSIL…) sont-elles demandées pour le projet ?",
        "Are investment grants (DETR, DSIL…) sought for the project?",
    )
    works_start_before_grant_request: bool | None = trait(
        "Les travaux ou les commandes commencent-ils avant l'envoi de la demande de subvention ?",
        "Do works or orders start before the grant application is sent?",
    )


Months = Annotated[int, Field(ge=-1200, le=1200)]  # a century either way: any as-of date


class Schedule(_Block):
    """Calendrier / Schedule.

    The dated traits describe the project **as of** ``as_of``: every ``months_…`` count is taken
    at that date, which the caller gives (a portfolio's export date, ``batch --as-of``), never the
    clock, so that the same description always gives the same diagnosis. The vote year is
    ``participatory_budget.vote_year``; ``months_vote_to_…`` count from the vote (or the decision,
    outside a participatory budget) to the start of each step, negative when the step started
    before the vote. Dates themselves (``as_of``, ``forecast_delivery``, ``opened_on``) are
    documentation for the reader: rules read the month counts.
    """

    milestones_explained: bool | None = trait(
        "Les étapes et les durées du projet sont-elles expliquées au public ?",
        "Are the project's stages and durations explained to the public?",
    )
    communication_in_step: bool | None = trait(
        "La communication suit-elle l'avancement réel (pas de décalage entre annonces et réalité) ?",
        "Does communication keep in step with actual progress?",
    )
    announced_duration_months: Annotated[int, Field(ge=0, le=600)] | None = trait(
        "En combien de mois la livraison est-elle annoncée (depuis le vote ou la décision) ?",
        "In how many months is delivery announced (from the vote or decision)?",
    )
    as_of: dt.date | None = trait(
        "À quelle date cette description du calendrier est-elle à jour ?",
        "As of which date is this schedule description up to date?",
    )
    months_since_vote: Months | None = trait(
        "Combien de mois se sont écoulés depuis le vote (ou la décision) ?",
        "How many months have passed since the vote (or decision)?",
    )
    months_vote_to_studies: Months | None = trait(
        "Combien de mois après le vote les études ont-elles commencé ?",
        "How many months after the vote did the studies start?",
    )
    months_vote_to_procedures: Months | None = trait(
        "Combien de mois après le vote les procédures (marchés, autorisations) ont-elles été lancées ?",
        "How many months after the vote were the procedures (tenders, permits) launched?",
    )
    months_vote_to_works: Months | None = trait(
        "Combien de mois après le vote les travaux ont-ils été lancés ?",
        "How many months after the vote did the works start?",
    )
    months_vote_to_forecast_delivery: Months | None = trait(
        "À combien de mois après le vote la livraison est-elle prévue ?",
        "How many months after the vote is delivery forecast?",
    )
    months_vote_to_opening: Months | None = trait(
        "Combien de mois après le vote le projet a-t-il ouvert au public ?",
        "How many months after the vote did the project open to the public?",
    )
    forecast_delivery: dt.date | None = trait(
        "À quelle date la livraison est-elle prévue ?", "On which date is delivery forecast?"
    )
    opened_on: dt.date | None = trait(
        "À quelle date le projet a-t-il ouvert au public ?", "On which date did the project open to the public?"
    )
    months_past_forecast_delivery: Months | None = trait(
        "De combien de mois la date de livraison prévue est-elle dépassée (négatif si elle est à venir) ?",
        "By how many months is the forecast delivery date past (negative when still ahead)?",
    )
    months_since_opening: Months | None = trait(
        "Depuis combien de mois le projet est-il ouvert au public ?",
        "How many months has the project been open to the public?",
    )
    months_in_current_phase: Annotated[int, Field(ge=0, le=600)] | None = trait(
        "Depuis combien de mois le projet est-il dans sa phase actuelle ?",
        "How many months has the project been in its current phase?",
    )
    abandoned: bool | None = trait(
        "Le projet a-t-il été abandonné ?", "Has the project been abandoned?"
    )
    months_to_next_election: Annotated[int, Field(ge=0, le=120)] | None = trait(
        "Dans combien de mois ont lieu les prochaines élections générales de la collectivité ?",
        "In how many months is the authority's next general election?",
    )


class Communication(_Block):
    """Communication / Communication."""

    works_plan: bool | None = trait(
        "Un plan de communication de la phase de chantier est-il prévu ?",
        "Is there a communication plan for the works phase?",
    )
    on_site: bool | None = trait(
        "Une communication sur site (panneaux, permanences) est-elle prévue ?",
        "Is there on-site communication (signs, drop-in sessions)?",
    )
    results_communicated: bool | None = trait(
        "Les résultats du projet sont-ils communiqués ?", "Are the project's results communicated?"
    )


class Works(_Block):
    """Travaux et maîtrise d'œuvre / Works and design and site-supervision teams."""

    designers_count: Count | None = trait(
        "Combien de maîtres d'œuvre interviennent ?",
        "How many design and site-supervision teams (maîtres d'œuvre) are involved?",
    )
    designers_coordinated: bool | None = trait(
        "La coordination entre maîtres d'œuvre est-elle organisée ?",
        "Is coordination between the design and site-supervision teams organised?",
    )
    contractors_count: Count | None = trait(
        "Combien d'entreprises interviennent sur le chantier ?", "How many contractors work on the site?"
    )
    opc_appointed: bool | None = trait(
        "Une mission OPC (ordonnancement, pilotage, coordination) est-elle confiée ?",
        "Is a scheduling and coordination (OPC) assignment given?",
    )
    sps_coordinator: bool | None = trait(
        "Un coordonnateur sécurité et protection de la santé (SPS) est-il désigné ?",
        "Is a health and safety (SPS) coordinator appointed?",
    )
    programme_written: bool | None = trait(
        "Un programme (besoins, contraintes, enveloppe) est-il rédigé avant la conception ?",
        "Is a programme (needs, constraints, budget envelope) written before design?",
    )
    network_declarations: bool | None = trait(
        "Les déclarations de travaux à proximité des réseaux (DT-DICT) sont-elles prévues ?",
        "Are the declarations for works near networks (DT-DICT) planned?",
    )
    building_permit_before_1997: bool | None = trait(
        "Le bâtiment a-t-il été autorisé (permis) avant le 1er juillet 1997 ?",
        "Was the building permitted before 1 July 1997?",
    )
    asbestos_survey: bool | None = trait(
        "Un repérage amiante avant travaux est-il réalisé ?", "Is a pre-works asbestos survey done?"
    )
    in_progress_reviews: bool | None = trait(
        "Des diagnostics ou points d'étape sont-ils réalisés en cours de projet ?",
        "Are reviews (diagnoses) run while the project is under way?",
    )
    completion_guarantee_followed: bool | None = trait(
        "Les réserves et la garantie de parfait achèvement sont-elles suivies après la réception ?",
        "Are snags and the one-year completion guarantee followed up after acceptance?",
    )
    usage_completion_period: bool | None = trait(
        "Une période de « parfait achèvement d'usage » après livraison est-elle prévue ?",
        "Is a usage-completion period planned after delivery?",
    )
    users_at_acceptance: bool | None = trait(
        "Les usagers ou exploitants sont-ils associés à la réception ?",
        "Are users or operators involved at acceptance?",
    )
    months_since_delivery: Annotated[int, Field(ge=0, le=600)] | None = trait(
        "Depuis combien de mois l'ouvrage est-il livré ?", "How many months ago was the work delivered?"
    )
    involves_works: bool | None = trait(
        "Le projet comporte-t-il des travaux (aménagement, construction, rénovation) ?",
        "Does the project involve works (landscaping, construction, renovation)?",
    )
    guarantee_in_contract: bool | None = trait(
        "Les marchés de travaux prévoient-ils un délai de garantie (CCAG-Travaux) ?",
        "Do the works contracts provide for a guarantee period (CCAG-Travaux)?",
    )
    volunteers_on_site: bool | None = trait(
        "Des bénévoles ou des habitants travaillent-ils eux-mêmes sur le site (plantations, chantier participatif) ?",
        "Do volunteers or residents work on the site themselves (planting, participatory building)?",
    )
    volunteers_framework: bool | None = trait(
        "L'intervention des bénévoles est-elle encadrée (convention, encadrant, assurance de la collectivité) ?",
        "Is the volunteers' work organised (agreement, supervisor, the authority's insurance)?",
    )
    digs_public_road: bool | None = trait(
        "Les travaux ouvrent-ils la chaussée ou les trottoirs d'une voie publique ?",
        "Do the works dig up the carriageway or pavements of a public road?",
    )
    road_works_coordinated: bool | None = trait(
        "Les travaux sont-ils inscrits dans la coordination des chantiers de voirie conduite par le maire "
        "(gestionnaires de réseaux interrogés sur leurs propres travaux) ?",
        "Are the works part of the mayor's coordination of road works (network operators asked about their own works)?",
    )


class Evaluation(_Block):
    """Évaluation et vision / Evaluation and vision."""

    planned: bool | None = trait(
        "Une évaluation du projet est-elle prévue ?", "Is an evaluation of the project planned?"
    )
    continuous_improvement: bool | None = trait(
        "Une démarche d'amélioration continue est-elle prévue ?", "Is a continuous-improvement process planned?"
    )
    benchmark: bool | None = trait(
        "Des retours d'expérience d'autres collectivités ont-ils été recueillis ?",
        "Has experience from other authorities been gathered (benchmark)?",
    )
    long_term_vision: bool | None = trait(
        "Le projet s'inscrit-il dans une vision à long terme ?", "Is the project part of a long-term vision?"
    )
    exemplary: bool | None = trait(
        "Le projet est-il conçu pour être exemplaire, en interne et en externe ?",
        "Is the project meant to be exemplary, inside and outside the authority?",
    )


class Canteen(_Block):
    """Circuit court en restauration scolaire / School canteen short supply chain."""

    producers_involved: bool | None = trait(
        "Les producteurs (filières amont) sont-ils associés ?", "Are the producers (upstream supply chains) involved?"
    )
    enough_local_producers: bool | None = trait(
        "Y a-t-il assez de producteurs à proximité pour les volumes visés ?",
        "Are there enough producers nearby for the volumes sought?",
    )
    producers_able_to_supply: Count | None = trait(
        "Combien de producteurs sont en mesure de fournir la cantine (volumes, régularité, normes) ?",
        "How many producers are able to supply the canteen (volumes, regularity, norms)?",
    )
    supply_radius_km: Annotated[int, Field(ge=0, le=20_000)] | None = trait(
        "Dans quel rayon (km) les producteurs sont-ils recherchés ?", "Within what radius (km) are producers sought?"
    )
    quality_plan: bool | None = trait(
        "Un plan qualité et sanitaire (variétés, normes) est-il prévu ?",
        "Is there a quality and sanitary plan (varieties, norms)?",
    )
    staff_trained: bool | None = trait(
        "Le personnel de restauration est-il associé et formé en amont ?",
        "Is the canteen staff involved and trained beforehand?",
    )
    sustainable_share: Percent | None = trait(
        "Quelle part (%) des achats est durable et de qualité au sens EGalim ?",
        "What share (%) of purchases is sustainable and quality (EGalim)?",
    )
    organic_share: Percent | None = trait(
        "Quelle part (%) des achats est biologique ?", "What share (%) of purchases is organic?"
    )
    purchases_tracked_by_category: bool | None = trait(
        "Les achats sont-ils suivis par catégorie EGalim ?", "Are purchases tracked by EGalim category?"
    )
    local_origin_criterion: bool | None = trait(
        "Le marché prévoit-il un critère d'origine locale des produits ?",
        "Does the tender use a local-origin criterion for products?",
    )
    lots_split: bool | None = trait(
        "Le marché est-il alloti (lots par produit) pour ouvrir l'accès aux producteurs ?",
        "Is the tender split into lots to open it to producers?",
    )
    same_supplier_direct_award: bool | None = trait(
        "Les achats sans publicité ni mise en concurrence vont-ils chaque année au même fournisseur ?",
        "Do purchases without advertising or competition go to the same supplier every year?",
    )
    yearly_declaration: bool | None = trait(
        "La télédéclaration annuelle « ma cantine » est-elle prévue ?",
        'Is the yearly "ma cantine" declaration planned?',
    )
    extra_cost_per_meal: Annotated[float, Field(ge=0, le=1_000, allow_inf_nan=False)] | None = trait(
        "Quel surcoût par repas (€) est estimé ?", "What extra cost per meal (€) is estimated?"
    )
    weekly_vegetarian_menu: bool | None = trait(
        "Un menu végétarien hebdomadaire est-il proposé ?", "Is a weekly vegetarian menu served?"
    )


class DigitalService(_Block):
    """Service en ligne / Online service."""

    non_digital_channel: bool | None = trait(
        "Un canal non numérique (guichet, téléphone, papier) est-il maintenu ?",
        "Is a non-digital channel (desk, phone, paper) kept?",
    )
    frees_time_for_in_person: bool | None = trait(
        "Le temps gagné en ligne est-il réinvesti dans l'accueil en présentiel ?",
        "Is the time saved online reinvested in in-person service?",
    )
    accessibility_statement: bool | None = trait(
        "Une déclaration d'accessibilité (RGAA) est-elle publiée ?",
        "Is an accessibility statement (RGAA) published?",
    )
    accessibility_plan: bool | None = trait(
        "Un schéma pluriannuel de mise en accessibilité est-il adopté ?",
        "Is a multi-year accessibility plan adopted?",
    )
    personal_data: bool | None = trait(
        "Le service traite-t-il des données personnelles ?", "Does the service process personal data?"
    )
    children_data: bool | None = trait(
        "Le service traite-t-il des données d'enfants ?", "Does the service process children's data?"
    )
    dpo_consulted: bool | None = trait(
        "Le délégué à la protection des données (DPO) a-t-il été consulté ?",
        "Has the data protection officer (DPO) been consulted?",
    )
    impact_assessment: bool | None = trait(
        "Une analyse d'impact relative à la protection des données (AIPD) est-elle réalisée ?",
        "Is a data protection impact assessment (DPIA) carried out?",
    )
    processing_register: bool | None = trait(
        "Le traitement est-il inscrit au registre des traitements ?",
        "Is the processing recorded in the register of processing activities?",
    )
    vendor_data_clauses: bool | None = trait(
        "Le contrat de l'éditeur comporte-t-il les clauses de sous-traitance de données ?",
        "Does the vendor's contract include data-processing clauses?",
    )
    online_payment: bool | None = trait(
        "Le service encaisse-t-il des paiements en ligne ?", "Does the service take online payments?"
    )


class PublicSpace(_Block):
    """Aménagement d'espace public / Public space works."""

    reduced_mobility_accessibility: bool | None = trait(
        "L'accessibilité aux personnes à mobilité réduite est-elle prise en compte ?",
        "Is accessibility for people with reduced mobility taken into account?",
    )
    substantial_change_to_living_environment: bool | None = trait(
        "Le projet modifie-t-il de façon substantielle le cadre de vie ?",
        "Does the project substantially change the living environment?",
    )
    prior_consultation: bool | None = trait(
        "Une concertation préalable est-elle organisée ?",
        "Is a prior public consultation (concertation préalable) held?",
    )
    urbanised_area: bool | None = trait(
        "Le projet est-il en zone urbanisée ?", "Is the project in an urbanised area?"
    )
    road_footprint_change: bool | None = trait(
        "Les travaux de voirie créent-ils une voie ou modifient-ils l'assiette d'une voie existante "
        "(et non une simple réfection) ?",
        "Do the road works create a road or change an existing road's footprint (not mere resurfacing)?",
    )
    urbanised_area_amount: Euros | None = trait(
        "Quel montant des travaux de voirie se situe en partie urbanisée de la commune, en euros ?",
        "What amount of the road works lies in the urbanised part of the commune, in euros?",
    )
    listed_for_mandatory_consultation: bool | None = trait(
        "L'opération figure-t-elle dans la liste des opérations soumises à concertation obligatoire "
        "(article R103-1 du code de l'urbanisme) ?",
        "Is the operation on the list of operations requiring a prior consultation "
        "(article R103-1 of the town-planning code)?",
    )
    play_or_fitness_equipment: bool | None = trait(
        "Le projet installe-t-il une aire de jeux ou des équipements sportifs ou de fitness en accès libre ?",
        "Does the project install a playground or freely accessible sports or fitness equipment?",
    )
    equipment_inspection_plan: bool | None = trait(
        "Un plan d'entretien et de contrôle régulier de ces équipements est-il prévu ?",
        "Is a maintenance and regular inspection plan for this equipment provided?",
    )


class ParticipatoryBudget(_Block):
    """Projet de budget participatif / Participatory-budget project."""

    technical_prestudy_with_holders: bool | None = trait(
        "Les services techniques dialoguent-ils avec les porteurs pendant l'étude de faisabilité ?",
        "Do technical services work with the proposers during the feasibility study?",
    )
    feasibility_checked_before_vote: bool | None = trait(
        "La faisabilité (technique, juridique, financière) est-elle instruite avant le vote ?",
        "Is feasibility (technical, legal, financial) assessed before the vote?",
    )
    running_costs_known: bool | None = trait(
        "Les coûts de fonctionnement du projet sont-ils connus ?", "Are the project's running costs known?"
    )
    land_ownership_checked: bool | None = trait(
        "La maîtrise foncière du lieu est-elle vérifiée (accord du propriétaire) ?",
        "Is ownership of the site checked (owner's agreement)?",
    )
    within_competence: bool | None = trait(
        "Le projet relève-t-il de la compétence de la collectivité ?",
        "Is the project within the authority's competence?",
    )
    holders_involved_in_implementation: bool | None = trait(
        "Les porteurs de projet sont-ils associés à la mise en œuvre ?",
        "Are the proposers involved in implementation?",
    )
    working_class_district: bool | None = trait(
        "Le projet est-il situé en quartier populaire ?",
        "Is the project in a working-class district (quartier populaire)?",
    )
    regrouped: bool | None = trait(
        "Le projet résulte-t-il du regroupement de plusieurs propositions ?",
        "Does the project result from regrouping several proposals?",
    )
    vote_year: Annotated[int, Field(ge=1990, le=2100)] | None = trait(
        "En quelle année le projet a-t-il été voté ?", "In which year was the project voted?"
    )
    scope_precise: bool | None = trait(
        "Le périmètre du projet soumis au vote est-il précis (contenu, lieu, coût) ?",
        "Is the scope of the project put to the vote precise (content, site, cost)?",
    )


class MediaLibrary(_Block):
    """Rénovation de médiathèque / Media library renovation."""

    current_and_future_practices_studied: bool | None = trait(
        "Les pratiques actuelles et futures des publics ont-elles été étudiées ?",
        "Have the public's current and future practices been studied?",
    )
    establishment_project: bool | None = trait(
        "Un projet d'établissement est-il formalisé ?",
        "Is there a formal establishment project (projet d'établissement)?",
    )
    uses_mapped: bool | None = trait(
        "Les différents usages (lecture, numérique, animation, travail) sont-ils recensés et intégrés au programme ?",
        "Are the different uses (reading, digital, events, study) listed and built into the programme?",
    )
    scientific_cultural_project: bool | None = trait(
        "Un projet culturel, scientifique, éducatif et social (PCSES) est-il rédigé ?",
        "Is a cultural, scientific, educational and social project (PCSES) written?",
    )
    dgd_funding_requested: bool | None = trait(
        "Une dotation générale de décentralisation (DGD bibliothèques) est-elle sollicitée ?",
        "Is the libraries' decentralisation grant (DGD bibliothèques) sought?",
    )
    third_place: bool | None = trait(
        "La médiathèque devient-elle un tiers-lieu (ateliers, café, espaces de travail, horaires élargis) ?",
        "Is the media library becoming a third place (workshops, café, work spaces, longer hours)?",
    )


class Site(_Block):
    """Le terrain et ce qu'il porte / The site and what stands on it."""

    third_party_land: bool | None = trait(
        "Le terrain ou le bâtiment appartient-il à un tiers (autre collectivité, bailleur, État, privé) ?",
        "Does the land or building belong to a third party (another authority, social landlord, State, private owner)?",
    )
    owner_agreement: bool | None = trait(
        "L'accord écrit du propriétaire (convention, acquisition, mise à disposition) est-il obtenu ?",
        "Is the owner's written agreement (agreement, purchase, transfer of use) obtained?",
    )
    private_occupant: bool | None = trait(
        "Une association ou un collectif occupera-t-il ou gérera-t-il le lieu sur le domaine public ?",
        "Will an association or collective occupy or run the place on public property?",
    )
    occupation_title: bool | None = trait(
        "Cette occupation fait-elle l'objet d'un titre (convention ou autorisation d'occupation) ?",
        "Is this occupation covered by a title (occupation agreement or permit)?",
    )
    trees: bool | None = trait(
        "Des arbres existants sont-ils touchés par le projet (abattage, racines, terrassements à proximité) ?",
        "Are existing trees affected by the project (felling, roots, earthworks nearby)?",
    )
    roadside_tree_alignment: bool | None = trait(
        "Ces arbres font-ils partie d'une allée ou d'un alignement bordant une voie ouverte à la circulation ?",
        "Are these trees part of an avenue or row lining a road open to traffic?",
    )
    soil_pollution_suspected: bool | None = trait(
        "Le sol peut-il être pollué (ancienne activité industrielle, station-service, remblais) ?",
        "May the soil be polluted (former industry, filling station, backfill)?",
    )
    soil_survey: bool | None = trait(
        "Un diagnostic de la qualité des sols est-il réalisé avant les travaux ?",
        "Is a soil-quality survey carried out before the works?",
    )


class Building(_Block):
    """Bâtiment recevant du public / Building open to the public."""

    open_to_public: bool | None = trait(
        "Le projet concerne-t-il un établissement recevant du public (ERP) ?",
        "Does the project concern a building open to the public (ERP)?",
    )
    reopening_after_works: bool | None = trait(
        "Le bâtiment rouvre-t-il au public après des travaux ou un changement d'usage ?",
        "Does the building reopen to the public after works or a change of use?",
    )
    safety_commission_planned: bool | None = trait(
        "Le passage de la commission de sécurité et d'accessibilité avant la réouverture est-il prévu ?",
        "Is the safety and accessibility commission's visit before reopening planned?",
    )
    accessibility_register: bool | None = trait(
        "Le registre public d'accessibilité de l'établissement est-il tenu à jour ?",
        "Is the building's public accessibility register kept up to date?",
    )


class Operation(_Block):
    """Après la livraison : exploitation et entretien / After delivery: operation and upkeep."""

    maintainer: Role | None = trait(
        "Qui assurera l'entretien et l'exploitation après la livraison ?",
        "Who will maintain and run the work after delivery?",
    )
    maintainer_involved_in_design: bool | None = trait(
        "Le service qui entretiendra l'ouvrage a-t-il validé la conception (matériaux, accès, coûts) ?",
        "Has the service that will maintain the work approved the design (materials, access, costs)?",
    )
    handover_organised: bool | None = trait(
        "La remise de l'ouvrage au service exploitant est-elle organisée (dossier des ouvrages, garanties, "
        "formation, contrats d'entretien) ?",
        "Is the handover to the operating service organised (as-built file, guarantees, training, "
        "maintenance contracts)?",
    )
    user_feedback_gathered: bool | None = trait(
        "Les retours des usagers sont-ils recueillis après l'ouverture ?",
        "Is users' feedback gathered after opening?",
    )


class AcknowledgedRisk(_Block):
    """Un risque accepté en connaissance de cause / A risk knowingly accepted."""

    risk: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=80)] = Field(
        description="Identifiant du risque accepté, ou de la règle qui le signale (tel que le rapport "
        "l'affiche) / ID of the accepted risk, or of the rule that reports it (as the report shows it)"
    )
    justification: Text = Field(description="Pourquoi il est accepté / Why it is accepted")
    owner: ShortText = Field(description="Qui en répond / Who answers for it")
    review_date: dt.date = Field(description="Date de réexamen / When to review it")


class Project(_Block):
    """Description d'un projet / A project description."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"$comment": "risk-advisor project description"},
    )

    name: ShortText = Field(description="Nom du projet / Project name")
    description: Text | None = Field(default=None, description="Description libre / Free description")
    reference: ShortText | None = Field(
        default=None, description="Référence externe (plateforme, ligne d'import) / External reference"
    )
    kinds: tuple[ProjectKind, ...] | None = trait(
        "De quel(s) type(s) de projet s'agit-il ?", "What kind(s) of project is it?"
    )
    authority: Authority | None = Field(default=None, description="Collectivité / Authority")
    phase: Phase | None = trait("À quelle phase en est le projet ?", "Which phase is the project in?")
    origin: Origin | None = trait(
        "D'où vient le projet : citoyens, élus, services, mixte ?",
        "Where does the project come from: citizens, elected officials, services, mixed?",
    )
    governance: Governance | None = Field(default=None, description="Pilotage / Governance")
    stakeholders: tuple[Stakeholder, ...] | None = trait(
        "Quels acteurs sont associés au projet, et à quelles phases ?",
        "Which stakeholders are involved, and in which phases?",
    )
    consultation: Consultation | None = Field(default=None, description="Concertation / Consultation")
    budget: Budget | None = Field(default=None, description="Budget / Budget")
    schedule: Schedule | None = Field(default=None, description="Calendrier / Schedule")
    communication: Communication | None = Field(default=None, description="Communication / Communication")
    works: Works | None = Field(default=None, description="Travaux / Works")
    evaluation: Evaluation | None = Field(default=None, description="Évaluation / Evaluation")
    canteen: Canteen | None = Field(default=None, description="Restauration scolaire / School canteen")
    digital: DigitalService | None = Field(default=None, description="Service en ligne / Online service")
    public_space: PublicSpace | None = Field(default=None, description="Espace public / Public space")
    participatory_budget: ParticipatoryBudget | None = Field(
        default=None, description="Budget participatif / Participatory budget"
    )
    media_library: MediaLibrary | None = Field(default=None, description="Médiathèque / Media library")
    site: Site | None = Field(default=None, description="Terrain / Site")
    building: Building | None = Field(
        default=None, description="Bâtiment recevant du public / Building open to the public"
    )
    operation: Operation | None = Field(
        default=None, description="Exploitation après livraison / Operation after delivery"
    )
    acknowledged_risks: tuple[AcknowledgedRisk, ...] = Field(
        default=(), description="Risques acceptés / Acknowledged risks"
    )
