"""`risk-advisor interview`: one question at a time, every answer saved, the file kept as written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from risk_advisor import Catalogue, load_catalogue, load_project
from risk_advisor.cli import interview_cmd
from risk_advisor.interview.answers import parse_answer
from risk_advisor.interview.files import ProjectFile
from risk_advisor.interview.questions import Question, worded
from risk_advisor.interview.replay import replay
from risk_advisor.interview.session import Interview

CASES = sorted((Path(__file__).resolve().parent.parent / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def interview(path: Path, *lines: str, lang: str = "fr") -> tuple[int, str]:
    result = CliRunner().invoke(
        interview_cmd.command, [str(path), "--lang", lang], input="".join(f"{line}\n" for line in lines),
        standalone_mode=False,
    )
    if result.exception is not None:
        raise result.exception
    return result.return_value, result.output


def question(trait: str, lang: str = "fr") -> Question:
    from risk_advisor.interview.questions import Ranked

    return worded(Ranked(trait, (), (), 0, 0, 0), lang)


class TestAnswers:
    @pytest.mark.parametrize("line", ["oui", "Oui", "o", "yes", "y", "true", "vrai"])
    def test_yes_in_either_language(self, line: str) -> None:
        assert parse_answer(question("governance.project_lead"), line, "fr").value is True

    @pytest.mark.parametrize("line", ["non", "NON", "n", "no", "false", "faux"])
    def test_no_in_either_language(self, line: str) -> None:
        assert parse_answer(question("governance.project_lead"), line, "fr").value is False

    @pytest.mark.parametrize("line", ["", "?", "  ", "je ne sais pas", "don't know"])
    def test_blank_or_question_mark_means_do_not_know(self, line: str) -> None:
        assert parse_answer(question("governance.project_lead"), line, "fr").dont_know

    def test_q_quits(self) -> None:
        assert parse_answer(question("phase"), "q", "fr").quit

    def test_a_choice_by_number_value_or_label(self) -> None:
        q = question("phase")
        assert [parse_answer(q, line, "fr").value for line in ("2", "feasibility", "faisabilité")] == [
            "feasibility"] * 3

    def test_several_choices_and_none(self) -> None:
        q = question("kinds")
        assert parse_answer(q, "1, 6", "fr").value == ["participatory_budget", "other"]
        assert parse_answer(q, "0", "fr").value == []

    def test_a_choice_out_of_the_list_is_refused_in_the_users_language(self) -> None:
        expected = "«\u00a09\u00a0» n'est pas un numéro de la liste (1 à 8)"
        assert parse_answer(question("phase"), "9", "fr").error == expected
        assert parse_answer(question("phase"), "9", "en").error == "'9' is not a number of the list (1 to 8)"

    def test_numbers_as_a_french_user_types_them(self) -> None:
        assert parse_answer(question("budget.investment"), "18 000 €", "fr").value == 18000
        assert parse_answer(question("canteen.sustainable_share"), "35,5", "fr").value == 35.5

    @pytest.mark.parametrize("line", ["nan", "inf", "-Infinity", "1e400"])
    def test_not_a_finite_number_is_refused(self, line: str) -> None:
        assert parse_answer(question("canteen.sustainable_share"), line, "en").error == f"'{line}' is not a number"

    def test_numbers_out_of_bounds_or_not_whole_are_refused(self) -> None:
        assert parse_answer(question("canteen.sustainable_share"), "120", "fr").error
        assert parse_answer(question("budget.investment"), "12,5", "fr").error == "un nombre entier est attendu"
        assert parse_answer(question("budget.investment"), "beaucoup", "en").error == "'beaucoup' is not a number"


class TestInterviewCommand:
    def test_a_new_file_starts_with_the_name_then_the_kinds(self, tmp_path: Path) -> None:
        path = tmp_path / "jardin.yaml"
        code, out = interview(path, "Jardin partagé", "6", "q")
        assert code == 0
        assert out.index("Nom du projet") < out.index("De quel(s) type(s) de projet")
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == {"name": "Jardin partagé", "kinds": ["other"]}

    def test_each_question_shows_its_allowed_answers_then_what_changed(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        _code, out = interview(path, "P", "4", "q", lang="en")
        assert "  4. online family portal (family_portal)" in out
        assert "one or more numbers separated by commas, 0 for none, or ? if you do not know" in out
        assert "→ " in out and "risks ruled out" in out

    def test_dont_know_is_not_asked_again_in_the_session(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        _code, out = interview(path, "P", "?", "?", "?", "q")
        assert out.count("De quel(s) type(s) de projet") == 1
        assert out.count("À quelle phase") == 1
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == {"name": "P"}

    def test_a_wrong_answer_is_explained_and_asked_again(self, tmp_path: Path) -> None:
        _code, out = interview(tmp_path / "p.yaml", "P", "42", "6", "q")
        assert "«\u00a042\u00a0» n'est pas un numéro de la liste (1 à 6)" in out
        assert out.count("De quel(s) type(s) de projet") == 1

    def test_end_of_input_saves_and_exits_0_with_the_summary_and_the_report_command(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        code, out = interview(path, "P", "6", "1", "1")
        assert code == 0
        assert load_project(path).origin is not None
        assert "question(s) ouverte(s)" in out
        assert f"risk-advisor diagnose {path} --lang fr -o rapport.html" in out

    def test_an_existing_yaml_file_keeps_its_keys_order_and_comments(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        original = "# Mon projet\nname: Jardin  # le nom\nkinds: [other]   # autre\nphase: idea\n"
        path.write_text(original, encoding="utf-8")
        interview(path, "1", "q")
        text = path.read_text(encoding="utf-8")
        assert text.startswith(original)
        assert text[len(original):] == "origin: citizens\n"

    def test_json_and_toml_files_are_written_back_in_their_format(self, tmp_path: Path) -> None:
        as_json = tmp_path / "p.json"
        as_json.write_text('{"name": "P", "kinds": ["other"]}', encoding="utf-8")
        interview(as_json, "2", "q")
        assert json.loads(as_json.read_text(encoding="utf-8")) == {"name": "P", "kinds": ["other"],
                                                                   "phase": "feasibility"}
        as_toml = tmp_path / "p.toml"
        as_toml.write_text('# commentaire\nname = "P"\nkinds = ["other"]\n', encoding="utf-8")
        interview(as_toml, "2", "1", "oui", "q")
        text = as_toml.read_text(encoding="utf-8")
        assert text.startswith("# commentaire\n")
        data = tomllib.loads(text)
        assert data["phase"] == "feasibility" and data["origin"] == "citizens"
        assert True in data["governance"].values()

    def test_a_broken_file_is_reported_not_overwritten(self, tmp_path: Path) -> None:
        from risk_advisor.errors import ProjectError

        path = tmp_path / "p.yaml"
        path.write_text("name: P\nphase: someday\n", encoding="utf-8")
        with pytest.raises(ProjectError):
            interview(path, "q")
        assert path.read_text(encoding="utf-8") == "name: P\nphase: someday\n"

    def test_every_answer_is_saved_as_it_is_given(self, tmp_path: Path, builtin: Catalogue) -> None:
        doc = ProjectFile.new(tmp_path / "p.yaml", "P")
        seen: list[dict[str, object]] = []
        answers = iter(["6", "1"])

        def read() -> str | None:
            seen.append(yaml.safe_load((tmp_path / "p.yaml").read_text(encoding="utf-8")) or {})
            return next(answers, None)

        doc.save()
        Interview(doc, catalogue=builtin).run(read, lambda _line: None)
        assert seen[1] == {"name": "P", "kinds": ["other"]}  # on disk before the next question


class TestMeasured:
    @pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
    def test_the_interview_reaches_the_findings_of_the_full_file(self, case: Path, builtin: Catalogue) -> None:
        project = load_project(case)
        result = replay(project, catalogue=builtin)
        assert result.same_findings, (result.missing, result.extra)
        assert result.answered <= result.asked < result.values  # fewer questions than values written


class TestInTheUsersLanguage:
    def test_an_unknown_extension_is_refused_before_any_question(self, tmp_path: Path) -> None:
        from risk_advisor.errors import RiskAdvisorError

        with pytest.raises(RiskAdvisorError, match="extension inconnue"):
            interview(tmp_path / "p.txt", "P")
        assert not (tmp_path / "p.txt").exists()

    def test_a_broken_file_is_explained_in_french(self, tmp_path: Path) -> None:
        from risk_advisor.errors import ProjectError

        path = tmp_path / "p.yaml"
        path.write_text("name: P\nphase: someday\n", encoding="utf-8")
        with pytest.raises(ProjectError, match="description de projet invalide"):
            interview(path, "q")

    def test_every_message_exists_in_both_languages_with_french_typography(self) -> None:
        from risk_advisor.interview._messages import _STRINGS

        for key, texts in _STRINGS.items():
            assert set(texts) == {"fr", "en"} and all(texts.values()), key
            assert " :" not in texts["fr"] and " ?" not in texts["fr"] and "« " not in texts["fr"], key


def test_a_file_with_windows_line_ends_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"name: P\r\nkinds: [other]\r\n")
    interview(path, "2", "q")
    assert path.read_bytes() == b"name: P\r\nkinds: [other]\r\nphase: feasibility\r\n"


_ANY_PATHS = ("governance.project_lead", "phase", "kinds", "budget.investment", "canteen.sustainable_share",
              "authority.name", "stakeholders")


class TestAnyLine:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @given(path=st.sampled_from(_ANY_PATHS), line=st.text(max_size=40))
    @settings(max_examples=300, deadline=None)
    def test_any_line_gives_a_valid_value_an_explanation_or_a_decision(self, path: str, line: str) -> None:
        from risk_advisor.interview._fields import adapter

        answer = parse_answer(question(path), line, "fr")
        decided = [answer.value is not None, answer.dont_know, answer.quit, answer.error is not None]
        assert sum(decided) == 1
        if answer.value is not None:
            adapter(path).validate_python(answer.value)  # what is saved is what the model accepts
