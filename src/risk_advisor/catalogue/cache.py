"""A compiled catalogue kept between runs, so that a command starts faster — safely.

Reading, checking and compiling the YAML catalogue takes ~70 ms; reading it back from the
cache takes ~16 ms. The cache must never run code nor change a result, whoever else can
write near it, whatever happens to its bytes:

- **Plain data only.** A cache file holds JSON of plain values (:mod:`.plain`), rebuilt into
  objects by our own code; nothing ``pickle``, ``marshal`` or ``shelve`` would load. Its first
  line carries the SHA-256 of the rest, checked before anything is parsed: a flipped bit is a
  miss, never a different catalogue.
- **Key.** The file name is a digest of the cache format, risk-advisor's version, Python's and
  pydantic's versions, the source of every module of the package (the loader, the compiler,
  the models and :mod:`.plain` included, so an edit in development recompiles), the rule
  folders and the path and bytes of every rule file read; the key is stored inside the file
  too and checked.
- **Not validated twice.** The items were validated when the catalogue was compiled from its
  YAML (untrusted input: that is where validation stays). A file that passes the checks here
  was written from those items by this very code, so :mod:`.plain` rebuilds them as
  validation stores them without validating them again, checking only field names, JSON
  types and enum values; the catalogue's pydantic classes are ``defer_build`` and a command
  served by the cache never builds their validators (~5 ms of import and ~4 ms of reading
  saved on a cold start; docs/performance.md, "Cold start: the cache read"). Whoever can
  write a file that passes these checks is the user themself, who can edit the code too.
- **Owner and mode.** The folder is created 0700 and files 0600. A folder or file that is not
  owned by the current user, is writable by group or others, or is not a directory / regular
  file is never read nor written. Files are opened relative to the checked folder, with
  ``O_NOFOLLOW | O_NONBLOCK``, and checked with ``fstat`` before a byte is read: a symlink or a
  FIFO planted at the cache path neither redirects nor hangs the run.
- **Failure is a miss.** Any problem with the cache — damaged, unsafe, unreadable — compiles
  the catalogue from its YAML as if there were no cache, with at most one notice per process
  (a :mod:`logging` warning on the ``risk_advisor`` logger: on the command line, one
  ``notice:`` line on stderr). A missing cache, or one that cannot be written, says nothing.
- **Concurrency.** A file is written under a unique temporary name in the same folder and
  renamed into place: concurrent first runs each write a complete file, and a reader sees a
  complete file or none.

The cache lives in ``$RISK_ADVISOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/risk-advisor``, else
``~/.cache/risk-advisor``; ``RISK_ADVISOR_NO_CACHE=1`` turns it off. Where the operating system
lacks ``O_NOFOLLOW``, file owners or folder-relative calls (Windows), there is no cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

import pydantic

from .._version import __version__
from .model import Catalogue
from .plain import Unstorable, from_plain, to_plain

__all__ = ["FORMAT", "MAX_CACHE_BYTES", "cache_dir", "cache_key", "cached"]

FORMAT = b"risk-advisor-catalogue-cache/3"  # the first word of every cache file
MAX_CACHE_BYTES = 64 * 1024 * 1024
_PACKAGE = Path(__file__).resolve().parents[1]
_SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "geteuid")
    and os.open in os.supports_dir_fd
    and os.rename in os.supports_dir_fd  # on POSIX, rename replaces atomically
)
_log = logging.getLogger("risk_advisor")
_noticed = False


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is off."""
    if os.environ.get("RISK_ADVISOR_NO_CACHE") or not _SUPPORTED:
        return None
    if explicit := os.environ.get("RISK_ADVISOR_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "risk-advisor"


def _notice(message: str) -> None:
    global _noticed
    if not _noticed:
        _noticed = True
        _log.warning("notice: %s; the rules are compiled without it", message)


def _code_digest() -> bytes:
    """A digest of the path and bytes of every ``.py`` file of the package, in path order.

    One walk and one hash, read without Python's file objects: about half the time of pathlib's
    ``rglob`` and ``read_bytes``, on every start (docs/performance.md).
    """
    base = str(_PACKAGE)
    modules = []
    for root, _dirs, names in os.walk(base):
        folder = root[len(base) + 1 :] + "/" if root != base else ""
        modules += [folder + name for name in names if name.endswith(".py")]
    parts: list[bytes] = []
    for module in sorted(modules):
        parts += (module.encode(), b"\0", _read_whole(os.path.join(base, module)), b"\0")
    return hashlib.sha256(b"".join(parts)).digest()


def _read_whole(path: str | Path) -> bytes:
    """The bytes of the file at ``path``, read without Python's buffered file objects."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def cache_key(dirs: Iterable[Path], files: Iterable[Path]) -> str:
    """The digest naming the cache file of the catalogue compiled from ``files`` in ``dirs``."""
    versions = (FORMAT, __version__.encode(), sys.version.encode(), pydantic.VERSION.encode(), _code_digest())
    digest = hashlib.sha256(b"\0".join(versions))
    for directory in dirs:
        digest.update(b"dir\0" + str(directory).encode() + b"\0")
    for path in files:
        digest.update(b"file\0" + str(path).encode() + b"\0" + _read_whole(path) + b"\0")
    return digest.hexdigest()[:40]


def cached(dirs: tuple[Path, ...], files: list[Path], build: Callable[[], Catalogue]) -> Catalogue:
    """The catalogue compiled from ``files`` of ``dirs``: from the cache when it holds it, else
    ``build()`` (which raises on a broken catalogue: nothing is cached then)."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        key = cache_key(dirs, files)
    except OSError:
        return build()  # a rule file vanished or is unreadable: let the loader say so
    folder = _open_folder(directory)
    if folder is None:
        return build()
    try:
        name = f"catalogue-{key}.json"
        found, writable = _read(folder, name, key, directory)
        if found is not None:
            return found
        catalogue = build()
        if writable:
            with suppress(OSError):  # a full disk; or the rule files changed while compiling
                if cache_key(dirs, files) == key:
                    _write(folder, name, key, catalogue)
        return catalogue
    finally:
        os.close(folder)


def _unsafe(info: os.stat_result, folder: bool) -> str | None:
    if not (stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)):
        return "not a folder" if folder else "not a regular file"
    if info.st_uid != os.geteuid():
        return "owned by another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by other users"
    return None


def _open_folder(directory: Path) -> int | None:
    """A descriptor of the checked cache folder (created 0700 if missing), or ``None``."""
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            os.mkdir(directory, 0o700)
        folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None  # a read-only home, a file in the way: run uncached, quietly
    reason = _unsafe(os.fstat(folder), folder=True)
    if reason:
        os.close(folder)
        _notice(f"the cache folder {directory} is {reason}: it is not used")
        return None
    return folder


def _read(folder: int, name: str, key: str, directory: Path) -> tuple[Catalogue | None, bool]:
    """The cached catalogue (or ``None``), and whether a fresh one may be written in its place."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except FileNotFoundError:
        return None, True
    except OSError as exc:  # a symlink (ELOOP), a socket (ENXIO), no permission…
        _notice(f"the cache file {directory / name} cannot be opened ({exc.strerror or exc}): it is not used")
        return None, False
    try:
        info = os.fstat(fd)
        reason = _unsafe(info, folder=False) or ("too large" if info.st_size > MAX_CACHE_BYTES else None)
        if reason:
            _notice(f"the cache file {directory / name} is {reason}: it is not used")
            return None, False
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        _notice(f"the cache file {directory / name} cannot be read ({exc.strerror or exc})")
        return None, True
    finally:
        os.close(fd)
    try:
        return _decode(data, key), True
    except Exception:  # damaged data, of whatever shape, is a miss and never a crash
        _notice(f"the cache file {directory / name} is damaged and is replaced")
        return None, True


def _encode(catalogue: Catalogue, key: str) -> bytes:
    content = {"key": key, "catalogue": to_plain(catalogue)}
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _decode(data: bytes, key: str) -> Catalogue:
    header, _, payload = data.partition(b"\n")
    fmt, _, digest = header.partition(b" ")
    if fmt != FORMAT or digest != hashlib.sha256(payload).hexdigest().encode():
        raise ValueError("not a cache file of this format, or its digest does not match")
    content = json.loads(payload)
    if content["key"] != key:
        raise ValueError("the file holds another key")
    return from_plain(content["catalogue"])


def _write(folder: int, name: str, key: str, catalogue: Catalogue) -> None:
    try:
        data = _encode(catalogue, key)
    except (Unstorable, ValueError, RecursionError):
        return  # a value the format cannot hold: this catalogue is simply not cached
    temporary = f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temporary, flags, 0o600, dir_fd=folder)
    renamed = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        renamed = True
    finally:
        if not renamed:  # a full disk, an interrupt: leave no half-written file behind
            with suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
