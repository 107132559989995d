"""Hostile platform exports (issue 10 §5): every data row is diagnosed, rejected or skipped —
with its own line number — and damage never spreads beyond the row it is in.

Each probe damages a copy of a real sample the way a careless save, a broken transfer or an
attacker would, then checks what is reported and that the counts add up.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from risk_advisor.cli import batch_cmd
from risk_advisor.errors import ProjectError
from risk_advisor.portfolio import Imported, Rejected, read_sources
from risk_advisor.portfolio.importers import Skipped

SAMPLES = Path(__file__).parent / "data" / "portfolio"
PARIS = SAMPLES / "paris_sample.csv"
PROPOSALS = SAMPLES / "decidim_proposals.csv"
SMALL = ["--no-builtin", "--rules", str(Path(__file__).parent / "data" / "rules_small")]
PARIS_ROWS = 21  # data rows of the sample, one physical line each


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def write(tmp_path: Path, lines: list[bytes], name: str = "paris.csv") -> Path:
    out = tmp_path / name
    out.write_bytes(b"".join(lines))
    return out


def outcome(path: Path, fmt: str | None = None) -> tuple[list[Imported], list[Rejected], list[Skipped]]:
    records = list(read_sources([path], fmt))
    imported = [r for r in records if isinstance(r, Imported)]
    rejected = [r for r in records if isinstance(r, Rejected)]
    skipped = [r for r in records if isinstance(r, Skipped)]
    return imported, rejected, skipped


class TestUndecodableBytes:
    def test_bad_bytes_reject_their_row_only_with_its_own_line(self, tmp_path: Path) -> None:
        lines = lines_of(PARIS)
        lines[4] = lines[4][:30] + b"\xff\xfe" + lines[4][30:]  # line 5
        lines[9] = lines[9][:20] + b"\xe9" + lines[9][20:]  # line 10: Latin-1 é
        imported, rejected, _ = outcome(write(tmp_path, lines), "paris")
        assert [r.row for r in rejected] == [5, 10]
        assert len(imported) == PARIS_ROWS - 2
        assert "bytes that are not UTF-8 on line 10 (byte 21)" in str(rejected[1])

    def test_a_header_that_is_not_utf8_is_a_file_error(self, tmp_path: Path) -> None:
        lines = lines_of(PARIS)
        lines[0] = lines[0].replace("lauréat".encode(), "lauréat".encode("latin-1"))
        with pytest.raises(ProjectError, match=r"the header is not UTF-8 text"):
            outcome(write(tmp_path, lines), "paris")


class TestStrayQuotes:
    def test_a_stray_quote_in_a_single_line_export_rejects_one_row(self, tmp_path: Path) -> None:
        lines = lines_of(PARIS)
        fields = lines[3].split(b";")
        fields[4] = b'"' + fields[4]  # line 4: the title opens a quote it never closes
        lines[3] = b";".join(fields)
        imported, rejected, _ = outcome(write(tmp_path, lines), "paris")
        assert [r.row for r in rejected] == [4]
        assert "quoted field is not closed on this line" in str(rejected[0])
        assert len(imported) == PARIS_ROWS - 1

    def test_a_stray_quote_in_a_multiline_export_does_not_swallow_the_rows_after_it(self, tmp_path: Path) -> None:
        lines = lines_of(PROPOSALS)
        lines[2] = lines[2].replace(b",Une piste cyclable", b',"Une piste cyclable')  # line 3
        imported, rejected, _ = outcome(write(tmp_path, lines, "proposals.csv"))
        assert [r.row for r in rejected] == [3]
        assert "quoted field" in str(rejected[0]) or "fields, the header" in str(rejected[0])
        assert len(imported) == 5

    def test_a_real_multiline_field_is_one_row(self, tmp_path: Path) -> None:
        lines = lines_of(PROPOSALS)
        lines[1] = lines[1].replace(b"<p>Installer six bancs", b'"<p>Installer\nsix ""grands"" bancs').replace(
            b"place du March\xc3\xa9.</p>", b'place du March\xc3\xa9.</p>"', 1
        )
        imported, rejected, _ = outcome(write(tmp_path, lines, "proposals.csv"))
        assert rejected == [] and [i.row for i in imported] == [2, 4, 5, 6, 7, 8]
        first = imported[0].project
        assert first.description is not None and 'six "grands" bancs' in first.description


class TestEmptyAndNul:
    def test_an_empty_file_says_it_is_empty(self, tmp_path: Path) -> None:
        empty = tmp_path / "export.csv"
        empty.write_bytes(b"")
        with pytest.raises(ProjectError, match="the file is empty"):
            outcome(empty, "paris")

    def test_a_header_alone_is_zero_rows_said_once(self, tmp_path: Path) -> None:
        path = write(tmp_path, lines_of(PARIS)[:1])
        assert outcome(path, "paris") == ([], [], [])
        (problem,) = list(read_sources([path], "paris"))
        assert str(problem) == f"{path}: the file has a header but no data row"

    def test_a_nul_byte_is_a_row_error(self, tmp_path: Path) -> None:
        lines = lines_of(PARIS)
        lines[6] = lines[6][:10] + b"\x00" + lines[6][10:]
        imported, rejected, _ = outcome(write(tmp_path, lines), "paris")
        assert [r.row for r in rejected] == [7]
        assert "a NUL byte on line 7 (column 11)" in str(rejected[0])
        assert len(imported) == PARIS_ROWS - 1


class TestHugeLines:
    def test_a_line_over_the_limit_is_one_rejected_row_never_held_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from risk_advisor.portfolio.importers import _csv

        monkeypatch.setattr(_csv, "MAX_LINE_BYTES", 2_000)
        lines = lines_of(PARIS)
        lines[5] = lines[5].rstrip(b"\n") + b"x" * 10_000 + b"\n"
        imported, rejected, _ = outcome(write(tmp_path, lines), "paris")
        assert [r.row for r in rejected] == [6] and "a line longer than" in str(rejected[0])
        assert len(imported) == PARIS_ROWS - 1

    def test_a_quote_opening_a_huge_multiline_value_rejects_one_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from risk_advisor.portfolio.importers import _csv

        monkeypatch.setattr(_csv, "MAX_LINE_BYTES", 2_000)
        lines = lines_of(PROPOSALS)
        lines[2] = lines[2].replace(b",Une piste cyclable", b',"Une piste cyclable')
        lines[3:3] = [b"filler line without quotes, " * 4 + b"\n"] * 40
        imported, rejected, _ = outcome(write(tmp_path, lines, "proposals.csv"))
        assert rejected[0].row == 3 and len(imported) == 5


DAMAGES = ("bytes", "nul", "quote", "extra_separator", "missing_separator")


def damage(line: bytes, kind: str, rng: random.Random) -> bytes:
    at = rng.randrange(1, len(line) - 2)
    if kind == "bytes":
        return line[:at] + b"\xc3\x28" + line[at:]
    if kind == "nul":
        return line[:at] + b"\x00" + line[at:]
    if kind == "quote":
        fields = line.split(b";")
        i = rng.randrange(len(fields) - 1)
        fields[i] = b'"' + fields[i]
        return b";".join(fields)
    if kind == "extra_separator":
        return line[:at] + b";" + line[at:]
    return line.replace(b";", b"", 1)


class TestCountsAddUp:
    @pytest.mark.parametrize("seed", range(12))
    def test_diagnosable_plus_rejected_is_every_data_row(self, tmp_path: Path, seed: int) -> None:
        rng = random.Random(seed)
        lines = lines_of(PARIS)
        damaged = sorted(rng.sample(range(1, len(lines)), rng.randint(1, 6)))
        for i in damaged:
            lines[i] = damage(lines[i], rng.choice(DAMAGES), rng)
        imported, rejected, skipped = outcome(write(tmp_path, lines), "paris")
        assert len(imported) + len(rejected) + len(skipped) == PARIS_ROWS
        assert {r.row for r in rejected} <= {i + 1 for i in damaged}  # no healthy row is lost
        assert len({r.row for r in rejected}) == len(rejected)  # each with its own line

    def test_the_batch_summary_adds_up(self, tmp_path: Path) -> None:
        lines = lines_of(PARIS)
        lines[2] = lines[2][:5] + b"\xff" + lines[2][5:]
        lines[8] = lines[8].replace(b";", b';"', 1)
        result = CliRunner().invoke(batch_cmd.command, [str(write(tmp_path, lines)), *SMALL])
        assert result.exit_code == 0
        assert "19 projets diagnostiqués, 2 lignes rejetées" in result.stderr
        assert f"rejected: {tmp_path / 'paris.csv'}:3: bytes that are not UTF-8" in result.stderr
        assert f"rejected: {tmp_path / 'paris.csv'}:9: a quoted field is not closed" in result.stderr
