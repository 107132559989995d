"""The batch progress line: on a terminal only, done/total, rate and time left; --quiet silences."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from risk_advisor.cli import batch_cmd
from risk_advisor.cli._progress import Progress

SAMPLES = Path(__file__).parent / "data" / "portfolio"
SMALL = ["--no-builtin", "--rules", str(Path(__file__).parent / "data" / "rules_small")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_line_says_done_total_rate_and_time_left() -> None:
    clock = Clock()
    progress = Progress(Terminal(), 1000, "en", clock=clock)
    for _ in range(250):
        progress.tick()
    clock.now += 0.5
    assert progress.line(clock.now) == "250/1000 projects · 500 projects/s · 2 s left"  # 750 more at 500/s
    assert Progress(Terminal(), 10, "fr", clock=clock).line(clock.now) == "0/10 projets"


def test_redraws_in_place_at_most_ten_times_a_second_and_erases_itself() -> None:
    clock, screen = Clock(), Terminal()
    progress = Progress(screen, 1000, "en", clock=clock)
    for _ in range(100):
        progress.tick()  # the clock does not move: one drawing only
    assert screen.getvalue().count("\r") == 1
    clock.now += 0.2
    progress.tick()
    assert screen.getvalue().count("\r") == 2
    progress.close()
    assert screen.getvalue().endswith("\r")


def test_nothing_is_drawn_off_a_terminal_or_when_quiet() -> None:
    for stream, enabled in ((io.StringIO(), True), (Terminal(), False)):
        progress = Progress(stream, 5, enabled=enabled)
        for _ in range(5):
            progress.tick()
        progress.close()
        assert stream.getvalue() == ""


def test_quiet_leaves_stderr_empty_and_the_output_unchanged(tmp_path: Path) -> None:
    loud, quiet = tmp_path / "loud.jsonl", tmp_path / "quiet.jsonl"
    runner = CliRunner()
    first = runner.invoke(batch_cmd.command, [str(SAMPLES / "paris_sample.csv"), "-o", str(loud), *SMALL])
    second = runner.invoke(batch_cmd.command, [str(SAMPLES / "paris_sample.csv"), "-q", "-o", str(quiet), *SMALL])
    assert first.exit_code == second.exit_code == 0
    assert first.stderr.startswith("21 projets") and second.stderr == ""
    assert loud.read_bytes() == quiet.read_bytes()
