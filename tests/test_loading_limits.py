"""The loaders' limits sit exactly where they are documented: at the limit accepted, one past refused.

The alias-bomb checks run in a child process with a memory cap and a time-out: if the limit
were ever lifted, a billion-laughs document must make the test fail, not hang the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from risk_advisor import _yaml
from risk_advisor._located import MAX_DEPTH
from risk_advisor._yaml import MAX_NODES, YamlProblem, load_yaml
from risk_advisor.errors import ProjectError
from risk_advisor.loading import MAX_PROJECT_FILE_BYTES, load_project, load_project_text

ROOT = Path(__file__).resolve().parents[1]
CHILD_MEMORY = 1 << 30  # bytes of address space: far more than a refused bomb needs
CHILD_TIMEOUT = 90  # seconds, on a loaded machine; a refused bomb takes well under one


def expanding_to(nodes: int, chunk: int = 99) -> str:
    """A YAML document whose composition visits exactly ``nodes`` nodes, mostly through aliases.

    root mapping 1; ``a`` key, list and ``chunk`` items; ``b`` key, list and ``m`` aliases of
    ``a`` (``chunk + 1`` each); ``c`` key, list and ``r`` items: 7 + chunk + m(chunk + 1) + r.
    """
    fixed = 7 + chunk
    m, r = divmod(nodes - fixed, chunk + 1)
    assert m >= 0, "too few nodes for this chunk size"
    return (
        f"a: &a [{', '.join(['0'] * chunk)}]\n"
        f"b: [{', '.join(['*a'] * m)}]\n"
        f"c: [{', '.join(['0'] * r)}]\n"
    )


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
) + "\nname: x\n"

_CHILD = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    from risk_advisor._yaml import YamlProblem, load_yaml
    from risk_advisor.errors import ProjectError
    from risk_advisor.loading import load_project_text
    text = sys.stdin.read()
    try:
        load_project_text(text) if sys.argv[1] == "project" else load_yaml(text)
    except YamlProblem as exc:
        print(json.dumps({{"refused": exc.message, "line": exc.line}}))
    except ProjectError as exc:
        print(json.dumps({{"refused": [p.message for p in exc.problems], "line": exc.problems[0].line}}))
    else:
        print(json.dumps({{"refused": None}}))
    """
)


def load_in_a_capped_child(text: str, reader: str = "yaml") -> dict[str, object]:
    """``load_yaml(text)`` (or, with ``reader="project"``, ``load_project_text(text)``) in a child
    process with a memory cap and a time-out."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD.format(memory=CHILD_MEMORY), reader],
            input=text, capture_output=True, text=True, timeout=CHILD_TIMEOUT, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading did not finish in {CHILD_TIMEOUT} s: the node limit is not enforced")
    assert done.returncode == 0, f"the loader died (memory cap of {CHILD_MEMORY >> 20} MiB?):\n{done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(done.stdout)
    return result


BOMB = "the document expands to more than 200,000 values through its aliases (an alias bomb?)"


@pytest.mark.timeout(300)  # known long: child processes, each capped at CHILD_TIMEOUT
class TestAliasBomb:
    def test_the_documented_limit(self) -> None:
        assert MAX_NODES == 200_000

    def test_a_billion_laughs_is_refused_quickly_and_in_little_memory(self) -> None:
        result = load_in_a_capped_child(BILLION_LAUGHS)
        assert result["refused"] == BOMB
        assert result["line"] == 1  # the anchored list being expanded when the count ran out

    def test_a_project_file_that_is_a_bomb_gets_one_clear_problem(self) -> None:
        result = load_in_a_capped_child(BILLION_LAUGHS, reader="project")
        assert result == {"refused": [BOMB], "line": 1}

    def test_a_document_of_exactly_the_limit_is_read(self) -> None:
        assert load_in_a_capped_child(expanding_to(MAX_NODES)) == {"refused": None}

    def test_one_value_past_the_limit_is_refused(self) -> None:
        result = load_in_a_capped_child(expanding_to(MAX_NODES + 1))
        assert result["refused"] == BOMB

    # (at 20 the smallest document past the limit is mostly plain values: it is said to hold too
    # many values, not called an alias bomb — tests/test_hostile_catalogue.py covers that wording)
    @pytest.mark.parametrize("limit", [57, 500])
    def test_the_count_is_exact_whatever_the_limit(self, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
        # in-process, small: checks expanding_to() itself and the comparison at the boundary
        monkeypatch.setattr(_yaml, "MAX_NODES", limit)
        load_yaml(expanding_to(limit, chunk=9))
        with pytest.raises(YamlProblem, match=f"more than {limit:,} values") as caught:
            load_yaml(expanding_to(limit + 1, chunk=9))
        assert caught.value.line is not None and caught.value.column is not None
        assert caught.value.hint == "write the values out instead of repeating anchors (&) and aliases (*)"


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    """A list nested so that its innermost list sits ``depth`` levels below the top."""
    return opening * (depth + 1) + closing * (depth + 1)


class TestNesting:
    def test_the_documented_limit(self) -> None:
        assert MAX_DEPTH == 64

    def test_yaml_nested_exactly_to_the_limit_is_read(self) -> None:
        located = load_yaml(nested(MAX_DEPTH))
        depth, item = 0, located.data
        while item:
            depth, item = depth + 1, item[0]
        assert depth == MAX_DEPTH

    def test_yaml_nested_one_level_past_the_limit_is_refused(self) -> None:
        with pytest.raises(YamlProblem, match=f"nesting deeper than {MAX_DEPTH} levels") as caught:
            load_yaml(nested(MAX_DEPTH + 1))
        assert caught.value.line == 1

    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_a_project_nested_to_the_limit_gets_past_the_depth_check(self, fmt: str) -> None:
        # the project's own mapping is level 0, so the list under "kinds" may nest 63 more levels
        text = '{"name": "x", "kinds": ' + nested(MAX_DEPTH - 1) + "}"
        with pytest.raises(ProjectError) as caught:
            load_project_text(text, fmt=fmt)  # type: ignore[arg-type]
        assert all("nesting" not in p.message for p in caught.value.problems)

    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_a_project_nested_one_level_past_the_limit_is_refused(self, fmt: str) -> None:
        text = '{"name": "x", "kinds": ' + nested(MAX_DEPTH) + "}"
        with pytest.raises(ProjectError) as caught:
            load_project_text(text, fmt=fmt)  # type: ignore[arg-type]
        assert [p.message for p in caught.value.problems] == [f"nesting deeper than {MAX_DEPTH} levels"]


class TestFileSize:
    def test_the_documented_limit(self) -> None:
        assert MAX_PROJECT_FILE_BYTES == 2 * 1024 * 1024

    def _file(self, tmp_path: Path, size: int) -> Path:
        head = b"name: x\n"
        path = tmp_path / "project.yaml"
        path.write_bytes(head + b"#" * (size - len(head) - 1) + b"\n")
        assert path.stat().st_size == size
        return path

    def test_a_file_of_exactly_the_limit_is_read(self, tmp_path: Path) -> None:
        assert load_project(self._file(tmp_path, MAX_PROJECT_FILE_BYTES)).name == "x"

    def test_a_file_one_byte_past_the_limit_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(ProjectError) as caught:
            load_project(self._file(tmp_path, MAX_PROJECT_FILE_BYTES + 1))
        (problem,) = caught.value.problems
        assert problem.message == "file too large: a project description is limited to 2 MiB"
