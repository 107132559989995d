"""The public surface is a promise to planning tools: changing it must be deliberate."""

import risk_advisor


def test_exported_names_are_pinned() -> None:
    assert sorted(risk_advisor.__all__) == sorted(
        [
            "ActionItem",
            "Because",
            "Catalogue",
            "CatalogueError",
            "Comparison",
            "Diagnosis",
            "EngineError",
            "EngineFallbackWarning",
            "Finding",
            "Level",
            "OpenQuestion",
            "Pattern",
            "Phase",
            "Problem",
            "Project",
            "ProjectError",
            "ProjectKind",
            "Question",
            "RiskAdvisorError",
            "Role",
            "RootCause",
            "StakeholderRow",
            "__version__",
            "compare",
            "diagnose",
            "diagnose_many",
            "load_catalogue",
            "load_project",
            "next_questions",
        ]
    )


def test_every_exported_name_exists() -> None:
    for name in risk_advisor.__all__:
        assert getattr(risk_advisor, name) is not None


def test_errors_share_one_root() -> None:
    for name in ("ProjectError", "CatalogueError", "EngineError"):
        assert issubclass(getattr(risk_advisor, name), risk_advisor.RiskAdvisorError)


def test_the_library_never_imports_the_cli() -> None:
    import ast
    from pathlib import Path

    package = Path(risk_advisor.__file__).parent
    for path in package.rglob("*.py"):
        if "cli" in path.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "cli" not in node.module.split("."), f"{path} imports the CLI"


def test_only_one_module_imports_durable_rules() -> None:
    from pathlib import Path

    package = Path(risk_advisor.__file__).parent
    importers = sorted(
        str(p.relative_to(package)) for p in package.rglob("*.py") if "from durable" in p.read_text(encoding="utf-8")
    )
    assert importers == ["engines/durable.py"]


def test_every_vocabulary_value_has_its_own_label() -> None:
    from risk_advisor.model import vocabulary as v

    # str-valued enums compare equal across vocabularies (Level.HIGH == Effort.HIGH): labels
    # must still be per vocabulary.
    assert v.label(v.Level.HIGH, "fr") == "élevé" and v.label(v.Effort.HIGH, "fr") == "important"
    for vocabulary in (v.ProjectKind, v.Phase, v.Origin, v.Sponsor, v.Role, v.ProjectLeadKind, v.UserStage,
                       v.PresentationMeans, v.EstimateQuality, v.Territory, v.Level, v.Effort):
        for member in vocabulary:
            assert v.label(member, "fr") and v.label(member, "en")
