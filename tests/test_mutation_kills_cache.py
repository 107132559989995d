"""The compiled-catalogue cache, specified: where it lives, what it reads, what it refuses and says.

Written against the mutants of ``catalogue/cache.py`` that ``tests/test_catalogue_cache.py``
let through (docs/mutation.md); each test reads as one rule of the cache's behaviour.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from pathlib import Path

import pytest

from risk_advisor import load_catalogue
from risk_advisor.catalogue import cache

NOTICE_END = "; the rules are compiled without it"


def the_cache_file(folder: Path) -> Path:
    (path,) = folder.glob("catalogue-*.json")
    return path


def notices(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "risk_advisor"]


def rewrite(path: Path, payload: bytes) -> None:
    """Put ``payload`` in the cache file behind a correct header: a file the cache must accept."""
    path.write_bytes(cache.FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


# --- where it lives ------------------------------------------------------------------------


def test_without_its_own_variable_the_cache_lives_in_xdg_cache_home(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RISK_ADVISOR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "xdg" / "risk-advisor"
    load_catalogue(rules, builtin=False)
    assert the_cache_file(tmp_path / "xdg" / "risk-advisor").is_file()
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("xdg", [None, ""], ids=["unset", "empty"])
def test_without_xdg_cache_home_the_cache_lives_in_the_home_cache_folder(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", "")  # empty: as if unset
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "risk-advisor"
    load_catalogue(rules, builtin=False)
    assert the_cache_file(tmp_path / "home" / ".cache" / "risk-advisor").is_file()


def test_the_missing_parents_of_the_cache_folder_are_created(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[tuple[Path, ...]]
) -> None:
    folder = tmp_path / "not" / "yet" / "cache"
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", str(folder))
    load_catalogue(rules, builtin=False)
    load_catalogue(rules, builtin=False)
    assert the_cache_file(folder).is_file() and len(compilations) == 1


def test_the_cache_file_is_named_after_a_40_digit_key_of_the_rule_files(rules: Path, tmp_path: Path) -> None:
    load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    assert re.fullmatch(r"catalogue-[0-9a-f]{40}\.json", path.name)
    assert path.name == f"catalogue-{cache.cache_key((rules,), sorted(rules.glob('*.yaml')))}.json"


# --- what invalidates it ---------------------------------------------------------------------


def test_a_renamed_rule_file_is_recompiled_even_with_the_same_bytes(rules: Path) -> None:
    load_catalogue(rules, builtin=False)
    renamed = rules / "rules-renamed.yaml"  # sorts where rules.yaml did: the same bytes in the same order
    (rules / "rules.yaml").rename(renamed)
    assert load_catalogue(rules, builtin=False).origins["rule:T-LOOKOUT"] == str(renamed)


def test_a_module_of_the_package_renamed_with_the_same_bytes_changes_the_key(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(rules.glob("*.yaml"))
    package = tmp_path / "package"
    shutil.copytree(Path(cache.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.cache_key((rules,), files)
    last = max(package.rglob("*.py"))  # renamed, it still comes last: the same bytes in the same order
    last.rename(last.with_name(last.stem + "_renamed.py"))
    assert cache.cache_key((rules,), files) != before


# --- what it reads ---------------------------------------------------------------------------


def test_the_payload_is_compact_json_in_utf8(rules: Path, tmp_path: Path) -> None:
    load_catalogue(rules, builtin=False)
    payload = the_cache_file(tmp_path / "cache").read_bytes().partition(b"\n")[2]
    compact = json.dumps(json.loads(payload), ensure_ascii=False, separators=(",", ":")).encode()
    assert payload == compact
    assert "centrée".encode() in payload  # accents as UTF-8, not \u escapes


def test_the_header_is_the_first_line_and_the_payload_may_hold_line_breaks(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]]
) -> None:
    expected = load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    content = json.loads(path.read_bytes().partition(b"\n")[2])
    rewrite(path, json.dumps(content, indent=1).encode())
    assert load_catalogue(rules, builtin=False) == expected
    assert len(compilations) == 1  # read, not compiled again


def test_a_cache_file_of_several_megabytes_is_read_whole(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]]
) -> None:
    expected = load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    payload = path.read_bytes().partition(b"\n")[2]
    rewrite(path, payload + b" " * (3 * 2**20))  # trailing blanks: still the same JSON
    assert load_catalogue(rules, builtin=False) == expected
    assert len(compilations) == 1


def test_a_cache_file_of_exactly_the_size_limit_is_read(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[tuple[Path, ...]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    load_catalogue(rules, builtin=False)
    monkeypatch.setattr(cache, "MAX_CACHE_BYTES", the_cache_file(tmp_path / "cache").stat().st_size)
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
    assert len(compilations) == 1 and notices(caplog) == []


def test_a_cache_file_over_the_size_limit_is_neither_read_nor_replaced(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[tuple[Path, ...]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    before = path.stat()
    monkeypatch.setattr(cache, "MAX_CACHE_BYTES", before.st_size - 1)
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
    assert len(compilations) == 2
    assert notices(caplog) == [f"notice: the cache file {path} is too large: it is not used{NOTICE_END}"]
    assert path.stat().st_ino == before.st_ino  # the same file, not a new one renamed over it


# --- what it refuses, and what it says -------------------------------------------------------


def test_a_fifo_is_named_as_not_a_regular_file(rules: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    path.unlink()
    os.mkfifo(path)
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
    assert notices(caplog) == [f"notice: the cache file {path} is not a regular file: it is not used{NOTICE_END}"]


def test_a_symlink_is_named_with_the_reason_the_system_gives(
    rules: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    path.rename(tmp_path / "elsewhere.json")
    path.symlink_to(tmp_path / "elsewhere.json")
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
    reason = os.strerror(errno.ELOOP)  # what O_NOFOLLOW answers, in the system's words, no "[Errno …]"
    assert notices(caplog) == [f"notice: the cache file {path} cannot be opened ({reason}): it is not used{NOTICE_END}"]


def test_a_cache_folder_writable_by_others_gives_one_notice_however_often_it_is_met(
    rules: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
        load_catalogue(rules, builtin=False)
    assert notices(caplog) == [
        f"notice: the cache folder {folder} is writable by other users: it is not used{NOTICE_END}"
    ]


def test_a_cache_folder_owned_by_another_user_is_not_used(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    compilations: list[tuple[Path, ...]],
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # the folder is now someone else's
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        load_catalogue(rules, builtin=False)
        load_catalogue(rules, builtin=False)
    assert len(compilations) == 2 and list(folder.iterdir()) == []
    assert notices(caplog) == [
        f"notice: the cache folder {folder} is owned by another user: it is not used{NOTICE_END}"
    ]


def test_a_cache_file_that_cannot_be_read_is_a_miss_and_is_written_again(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    compilations: list[tuple[Path, ...]],
) -> None:
    expected = load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    inode = path.stat().st_ino
    read = os.read

    def failing(fd: int, size: int) -> bytes:  # a disk error, on the cache file only
        if os.fstat(fd).st_ino == inode:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return read(fd, size)

    monkeypatch.setattr(os, "read", failing)
    with caplog.at_level(logging.WARNING, logger="risk_advisor"):
        assert load_catalogue(rules, builtin=False) == expected
    assert len(compilations) == 2
    assert notices(caplog) == [
        f"notice: the cache file {path} cannot be read ({os.strerror(errno.EIO)}){NOTICE_END}"
    ]
    assert path.stat().st_ino != inode  # a fresh file took its place


# --- how it writes -----------------------------------------------------------------------------


RULE_IDS = ["T-LOOKOUT", "T-NEEDS", "T-TARGET", "T-TECHNOCRATIC"]


def test_a_write_that_fails_leaves_no_file_behind(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: str, dst: str, **dir_fds: int) -> None:  # the disk fails at the last step
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "rename", broken)
    assert sorted(load_catalogue(rules, builtin=False).rules) == RULE_IDS
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_write_whose_temporary_file_vanished_still_gives_the_catalogue(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rename = os.rename

    def emptied_first(src: str, dst: str, *, src_dir_fd: int, dst_dir_fd: int) -> None:
        os.unlink(src, dir_fd=src_dir_fd)  # someone empties the cache folder while a run writes to it
        rename(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)  # FileNotFoundError

    monkeypatch.setattr(os, "rename", emptied_first)
    assert sorted(load_catalogue(rules, builtin=False).rules) == RULE_IDS
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_symlink_planted_at_the_temporary_name_is_not_written_through(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalogue(rules, builtin=False)
    path = the_cache_file(tmp_path / "cache")
    path.unlink()
    monkeypatch.setattr(secrets, "token_hex", lambda n: "0" * 2 * n)  # a guessed temporary name
    precious = tmp_path / "precious"
    precious.write_bytes(b"precious")
    (path.parent / f".{path.name}.{os.getpid()}.{'0' * 12}.tmp").symlink_to(precious)
    assert sorted(load_catalogue(rules, builtin=False).rules) == RULE_IDS
    assert precious.read_bytes() == b"precious" and not path.exists()
