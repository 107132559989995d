"""Closed vocabularies of the project model, each value with its French and English label.

The enum *values* are part of the public contract: rule conditions and project files use them.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "Effort",
    "EstimateQuality",
    "Lang",
    "Level",
    "Origin",
    "Phase",
    "PresentationMeans",
    "ProjectKind",
    "ProjectLeadKind",
    "Role",
    "Sponsor",
    "Territory",
    "UserStage",
    "label",
]


class Lang(str, Enum):
    FR = "fr"
    EN = "en"


class ProjectKind(str, Enum):
    PARTICIPATORY_BUDGET = "participatory_budget"
    CANTEEN_SHORT_SUPPLY = "canteen_short_supply"
    MEDIA_LIBRARY = "media_library"
    FAMILY_PORTAL = "family_portal"
    PUBLIC_SPACE_WORKS = "public_space_works"
    OTHER = "other"


class Phase(str, Enum):
    """Project phases, in chronological order (the order of declaration is used for sorting)."""

    IDEA = "idea"
    FEASIBILITY = "feasibility"
    DESIGN = "design"
    PROCUREMENT = "procurement"
    WORKS = "works"
    DELIVERY = "delivery"
    OPERATION = "operation"
    EVALUATION = "evaluation"

    @property
    def rank(self) -> int:
        return _PHASE_RANK[self]


class Origin(str, Enum):
    CITIZENS = "citizens"
    ELECTED_OFFICIALS = "elected_officials"
    SERVICES = "services"
    MIXED = "mixed"


class Sponsor(str, Enum):
    GENERAL_MANAGEMENT = "general_management"
    ELECTED_OFFICIALS = "elected_officials"
    AFFECTED_SERVICES = "affected_services"


class Role(str, Enum):
    CITIZEN_PROJECT_HOLDERS = "citizen_project_holders"
    USERS = "users"
    FAMILIES = "families"
    RESIDENTS = "residents"
    ELECTED_OFFICIALS = "elected_officials"
    GENERAL_MANAGEMENT = "general_management"
    PROJECT_LEAD = "project_lead"
    TECHNICAL_SERVICES = "technical_services"
    IT_SERVICE = "it_service"
    FINANCE_SERVICE = "finance_service"
    PROCUREMENT_SERVICE = "procurement_service"
    LEGAL_SERVICE = "legal_service"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    COMMUNICATION_SERVICE = "communication_service"
    PARTICIPATION_OFFICE = "participation_office"
    CANTEEN_STAFF = "canteen_staff"
    PRODUCERS = "producers"
    WHOLESALERS = "wholesalers"
    THEMATIC_EXPERTS = "thematic_experts"
    PARTNERS = "partners"
    DESIGNERS = "designers"
    CONTRACTORS = "contractors"
    WORKS_COORDINATOR = "works_coordinator"
    SAFETY_COORDINATOR = "safety_coordinator"
    LANDOWNERS = "landowners"
    OTHER_AUTHORITIES = "other_authorities"


class ProjectLeadKind(str, Enum):
    """Who leads the project day to day (``governance.project_lead_kind``)."""

    CITIZEN_COLLECTIVE = "citizen_collective"
    ASSOCIATION = "association"
    SERVICE = "service"
    DEDICATED_PROJECT_MANAGER = "dedicated_project_manager"
    ELECTED_OFFICIAL = "elected_official"
    EXTERNAL_ASSISTANT = "external_assistant"


class UserStage(str, Enum):
    """Stages at which users can be involved (PORTAIL-R4)."""

    NEEDS = "needs"
    DESIGN = "design"
    IMPLEMENTATION = "implementation"
    EVALUATION = "evaluation"


class PresentationMeans(str, Enum):
    PLANS = "plans"
    VIEWS_3D = "views_3d"
    SITE_VISITS = "site_visits"
    WORKSHOPS = "workshops"
    MODELS = "models"
    PUBLIC_MEETINGS = "public_meetings"
    ONLINE = "online"


class EstimateQuality(str, Enum):
    NONE = "none"
    ROUGH = "rough"
    REALISTIC = "realistic"


class Territory(str, Enum):
    """Where the authority is; EGalim targets differ overseas (BRIEF §2.2)."""

    MAINLAND = "mainland"
    GUADELOUPE = "guadeloupe"
    MARTINIQUE = "martinique"
    GUYANE = "guyane"
    REUNION = "reunion"
    SAINT_MARTIN = "saint_martin"
    MAYOTTE = "mayotte"
    SAINT_PIERRE_ET_MIQUELON = "saint_pierre_et_miquelon"
    OTHER_OVERSEAS = "other_overseas"


class Level(str, Enum):
    """Risk level, from the score (impact × likelihood, 1–25)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    @classmethod
    def from_score(cls, score: int) -> Level:
        """low 1–4, medium 5–9, high 10–15, critical 16–25."""
        if score >= 16:
            return cls.CRITICAL
        if score >= 10:
            return cls.HIGH
        if score >= 5:
            return cls.MEDIUM
        return cls.LOW


_PHASE_RANK = {p: i for i, p in enumerate(Phase)}
_LEVEL_RANK = {lv: i for i, lv in enumerate(Level)}


class Effort(str, Enum):
    """How much a remedy costs to put in place; the action plan minimises total effort."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return {Effort.LOW: 1, Effort.MEDIUM: 2, Effort.HIGH: 3}[self]


_LABELS: tuple[tuple[Enum, tuple[str, str]], ...] = (
    (ProjectKind.PARTICIPATORY_BUDGET, ("projet de budget participatif", "participatory-budget project")),
    (ProjectKind.CANTEEN_SHORT_SUPPLY, ("circuit court en restauration scolaire", "school canteen short supply chain")),
    (ProjectKind.MEDIA_LIBRARY, ("rénovation de médiathèque", "media library renovation")),
    (ProjectKind.FAMILY_PORTAL, ("portail familles en ligne", "online family portal")),
    (ProjectKind.PUBLIC_SPACE_WORKS, ("aménagement d'espace public et voirie", "public space and roads works")),
    (ProjectKind.OTHER, ("autre", "other")),
    (Phase.IDEA, ("idée", "idea")),
    (Phase.FEASIBILITY, ("faisabilité", "feasibility")),
    (Phase.DESIGN, ("programmation et conception", "programming and design")),
    (Phase.PROCUREMENT, ("consultation des entreprises", "procurement")),
    (Phase.WORKS, ("travaux", "works")),
    (Phase.DELIVERY, ("réception et livraison", "acceptance and delivery")),
    (Phase.OPERATION, ("exploitation", "operation")),
    (Phase.EVALUATION, ("évaluation", "evaluation")),
    (Origin.CITIZENS, ("citoyens", "citizens")),
    (Origin.ELECTED_OFFICIALS, ("élus", "elected officials")),
    (Origin.SERVICES, ("services", "services")),
    (Origin.MIXED, ("mixte", "mixed")),
    (Sponsor.GENERAL_MANAGEMENT, ("direction générale", "general management")),
    (Sponsor.ELECTED_OFFICIALS, ("élus", "elected officials")),
    (Sponsor.AFFECTED_SERVICES, ("services concernés", "services concerned")),
    (Role.CITIZEN_PROJECT_HOLDERS, ("porteurs de projet citoyens", "citizen proposers")),
    (Role.USERS, ("usagers", "users")),
    (Role.FAMILIES, ("familles", "families")),
    (Role.RESIDENTS, ("habitants et riverains", "residents")),
    (Role.ELECTED_OFFICIALS, ("élus", "elected officials")),
    (Role.GENERAL_MANAGEMENT, ("direction générale", "general management")),
    (Role.PROJECT_LEAD, ("chef de projet", "project lead")),
    (Role.TECHNICAL_SERVICES, ("services techniques", "technical services")),
    (Role.IT_SERVICE, ("service informatique", "IT service")),
    (Role.FINANCE_SERVICE, ("service des finances", "finance service")),
    (Role.PROCUREMENT_SERVICE, ("service des marchés publics", "public procurement service")),
    (Role.LEGAL_SERVICE, ("service juridique", "legal service")),
    (Role.DATA_PROTECTION_OFFICER, ("délégué à la protection des données (DPO)", "data protection officer (DPO)")),
    (Role.COMMUNICATION_SERVICE, ("service communication", "communication service")),
    (Role.PARTICIPATION_OFFICE, ("service démocratie participative", "participation office")),
    (Role.CANTEEN_STAFF, ("personnel de restauration", "canteen staff")),
    (Role.PRODUCERS, ("producteurs", "producers")),
    (Role.WHOLESALERS, ("grossistes", "wholesalers")),
    (Role.THEMATIC_EXPERTS, ("experts de la thématique", "thematic experts")),
    (Role.PARTNERS, ("partenaires", "partners")),
    (Role.DESIGNERS, ("maîtres d'œuvre", "design and site-supervision teams (maîtres d'œuvre)")),
    (Role.CONTRACTORS, ("entreprises de travaux", "contractors")),
    (Role.WORKS_COORDINATOR, ("coordinateur OPC", "works coordinator (OPC)")),
    (Role.SAFETY_COORDINATOR, ("coordonnateur SPS", "health and safety coordinator (SPS)")),
    (Role.LANDOWNERS, ("propriétaires fonciers", "landowners")),
    (Role.OTHER_AUTHORITIES, ("autres collectivités compétentes", "other competent authorities")),
    (ProjectLeadKind.CITIZEN_COLLECTIVE, ("collectif d'habitants", "citizen collective")),
    (ProjectLeadKind.ASSOCIATION, ("association", "association")),
    (ProjectLeadKind.SERVICE, ("service de la collectivité", "a service of the authority")),
    (ProjectLeadKind.DEDICATED_PROJECT_MANAGER, ("chef de projet dédié", "dedicated project manager")),
    (ProjectLeadKind.ELECTED_OFFICIAL, ("élu", "elected official")),
    (ProjectLeadKind.EXTERNAL_ASSISTANT, ("assistant à maîtrise d'ouvrage", "external project assistant (AMO)")),
    (UserStage.NEEDS, ("définition du besoin", "needs definition")),
    (UserStage.DESIGN, ("conception", "design")),
    (UserStage.IMPLEMENTATION, ("mise en œuvre", "implementation")),
    (UserStage.EVALUATION, ("évaluation", "evaluation")),
    (PresentationMeans.PLANS, ("plans", "plans")),
    (PresentationMeans.VIEWS_3D, ("vues 3D", "3D views")),
    (PresentationMeans.SITE_VISITS, ("visites de site", "site visits")),
    (PresentationMeans.WORKSHOPS, ("ateliers", "workshops")),
    (PresentationMeans.MODELS, ("maquettes", "scale models")),
    (PresentationMeans.PUBLIC_MEETINGS, ("réunions publiques", "public meetings")),
    (PresentationMeans.ONLINE, ("présentation en ligne", "online presentation")),
    (EstimateQuality.NONE, ("aucune", "none")),
    (EstimateQuality.ROUGH, ("grossière", "rough")),
    (EstimateQuality.REALISTIC, ("réaliste", "realistic")),
    (Territory.MAINLAND, ("hexagone", "mainland France")),
    (Territory.GUADELOUPE, ("Guadeloupe", "Guadeloupe")),
    (Territory.MARTINIQUE, ("Martinique", "Martinique")),
    (Territory.GUYANE, ("Guyane", "French Guiana")),
    (Territory.REUNION, ("La Réunion", "Réunion")),
    (Territory.SAINT_MARTIN, ("Saint-Martin", "Saint Martin")),
    (Territory.MAYOTTE, ("Mayotte", "Mayotte")),
    (Territory.SAINT_PIERRE_ET_MIQUELON, ("Saint-Pierre-et-Miquelon", "Saint Pierre and Miquelon")),
    (Territory.OTHER_OVERSEAS, ("autre territoire d'outre-mer", "other overseas territory")),
    (Level.LOW, ("faible", "low")),
    (Level.MEDIUM, ("moyen", "medium")),
    (Level.HIGH, ("élevé", "high")),
    (Level.CRITICAL, ("critique", "critical")),
    (Effort.LOW, ("faible", "low")),
    (Effort.MEDIUM, ("moyen", "medium")),
    (Effort.HIGH, ("important", "high")),
)



# The enums are str-valued, so Level.HIGH == Effort.HIGH == "high": a dict keyed by members
# would let one vocabulary's label overwrite another's. Pairs, keyed by (vocabulary, value).
_BY_TYPE: dict[tuple[type[Enum], str], tuple[str, str]] = {(type(k), k.value): v for k, v in _LABELS}


def label(value: Enum, lang: str = "fr") -> str:
    """The human label of a vocabulary value in ``lang`` ("fr" or "en")."""
    fr, en = _BY_TYPE[(type(value), value.value)]
    return en if lang == "en" else fr
