"""The compiled-catalogue cache is read, never serves stale or damaged rules, and never runs code."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from risk_advisor import CatalogueError, load_catalogue
from risk_advisor.catalogue import cache, loader

ROOT = Path(__file__).resolve().parents[1]


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("catalogue-*.json"))


def test_second_load_is_read_from_the_cache_not_compiled(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]]
) -> None:
    first = load_catalogue(rules, builtin=False)
    assert len(compilations) == 1 and len(cache_files(tmp_path)) == 1
    second = load_catalogue(rules, builtin=False)
    assert len(compilations) == 1, "the cache was written but the second load compiled again"
    assert second == first and second is not first
    assert list(second.rules) == list(first.rules)  # order too: reports list rules in it


def test_the_cache_holds_plain_json_behind_a_digest_and_no_pickle(rules: Path, tmp_path: Path) -> None:
    load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    header, _, payload = path.read_bytes().partition(b"\n")
    assert header.split() == [cache.FORMAT, hashlib.sha256(payload).hexdigest().encode()]
    assert json.loads(payload)["catalogue"]["rules"][0]["id"] == "T-LOOKOUT"
    with pytest.raises(pickle.UnpicklingError):
        pickle.loads(path.read_bytes())


def test_cache_folder_is_0700_and_files_0600(rules: Path, tmp_path: Path) -> None:
    load_catalogue(rules, builtin=False)
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "cache").iterdir()] == [0o600]


def test_an_edited_rule_file_is_recompiled(rules: Path) -> None:
    load_catalogue(rules, builtin=False)
    path = rules / "rules.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("impact: 4", "impact: 5", 1), encoding="utf-8")
    assert load_catalogue(rules, builtin=False).rules["T-LOOKOUT"].impact == 5


def test_an_edit_to_the_loader_code_changes_the_cache_key(
    rules: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = sorted(rules.glob("*.yaml"))
    before = cache.cache_key((rules,), files)
    package = tmp_path / "package"
    shutil.copytree(Path(cache.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    assert cache.cache_key((rules,), files) == before  # the same code: the same key
    compiler = package / "catalogue" / "conditions.py"
    compiler.write_text(compiler.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert cache.cache_key((rules,), files) != before


def test_a_broken_rule_file_is_reported_even_after_a_good_load(rules: Path) -> None:
    load_catalogue(rules, builtin=False)
    (rules / "broken.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(rules, builtin=False)


def test_a_garbage_cache_file_is_replaced_with_one_notice(
    rules: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, compilations: list[tuple[Path, ...]]
) -> None:
    expected = load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    path.write_bytes(b"not a cache file")
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        assert load_catalogue(rules, builtin=False) == expected
        assert load_catalogue(rules, builtin=False) == expected
    assert len(compilations) == 2  # the damaged file was compiled over once, then read
    assert [r.getMessage() for r in caplog.records] == [
        f"notice: the cache file {path} is damaged and is replaced; the rules are compiled without it"
    ]


def test_a_flipped_bit_anywhere_in_the_cache_never_changes_the_catalogue(rules: Path, tmp_path: Path) -> None:
    expected = load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    good = path.read_bytes()
    # every byte of the header, then positions spread over the whole payload
    positions = sorted(set(range(80)) | set(range(80, len(good), max(1, len(good) // 300))))
    for position in positions:
        damaged = bytearray(good)
        damaged[position] ^= 1 << (position % 8)
        path.write_bytes(bytes(damaged))
        assert load_catalogue(rules, builtin=False) == expected, f"bit flipped at byte {position}"
        assert path.read_bytes() == good  # and the damaged file was replaced by a good one


def test_a_valid_digest_over_tampered_data_is_still_rebuilt_by_our_code(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]]
) -> None:
    load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    content = json.loads(path.read_bytes().partition(b"\n")[2])
    content["catalogue"]["program"]["strata"][0][0][2] = ["exec", "__import__('os').system('false')"]
    payload = json.dumps(content).encode()
    path.write_bytes(cache.FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert load_catalogue(rules, builtin=False).program == loader._compile((rules,)).program
    assert len(compilations) == 3  # the tampered file was not used


def test_a_pickle_planted_at_the_cache_path_is_never_unpickled(rules: Path, tmp_path: Path) -> None:
    load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Exploit(str(marker)))
    path.write_bytes(payload)
    load_catalogue(rules, builtin=False)
    assert not marker.exists()


class _Exploit:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


# Opened without O_NONBLOCK, a FIFO blocks the run for good: fail in seconds, not after the
# suite's two minutes (a blocked open burns no CPU, so mutation testing waits that long).
@pytest.mark.timeout(20)
def test_a_fifo_at_the_cache_path_neither_hangs_nor_is_replaced(rules: Path, tmp_path: Path) -> None:
    expected = load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    path.unlink()
    os.mkfifo(path)
    assert load_catalogue(rules, builtin=False) == expected  # the timeout above catches a hang
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_a_symlink_at_the_cache_path_is_not_followed(rules: Path, tmp_path: Path) -> None:
    expected = load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    elsewhere.write_bytes(b"x")
    assert load_catalogue(rules, builtin=False) == expected
    assert elsewhere.read_bytes() == b"x" and path.is_symlink()


def test_a_cache_file_writable_by_others_is_neither_read_nor_written(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]]
) -> None:
    load_catalogue(rules, builtin=False)
    (path,) = cache_files(tmp_path)
    path.chmod(0o666)
    before = path.read_bytes()
    load_catalogue(rules, builtin=False)
    assert len(compilations) == 2 and path.read_bytes() == before


@pytest.mark.parametrize("mode", [0o770, 0o777], ids=["group-writable", "world-writable"])
def test_a_cache_folder_writable_by_others_is_not_used(
    rules: Path, tmp_path: Path, mode: int, compilations: list[tuple[Path, ...]]
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(mode)
    load_catalogue(rules, builtin=False)
    load_catalogue(rules, builtin=False)
    assert len(compilations) == 2 and list(folder.iterdir()) == []


def test_a_cache_folder_that_cannot_be_made_means_no_cache_and_no_notice(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", str(tmp_path / "a-file"))
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        catalogue = load_catalogue(rules, builtin=False)
    assert sorted(catalogue.rules) == ["T-LOOKOUT", "T-NEEDS", "T-TARGET", "T-TECHNOCRATIC"]
    assert caplog.records == []
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "in the way"


def test_no_cache_when_disabled(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISK_ADVISOR_NO_CACHE", "1")
    load_catalogue(rules, builtin=False)
    assert not (tmp_path / "cache").exists()


def test_concurrent_first_runs_each_get_the_catalogue_and_leave_one_file(rules: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from risk_advisor import load_catalogue; "
        "print(sorted(load_catalogue(sys.argv[1], builtin=False).rules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "RISK_ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.Popen([sys.executable, "-c", code, str(rules)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4
    assert {out for out, _ in outputs} == {"['T-LOOKOUT', 'T-NEEDS', 'T-TARGET', 'T-TECHNOCRATIC']\n"}
    assert all(err == "" for _, err in outputs)
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")] == []
    assert len(cache_files(tmp_path)) == 1
