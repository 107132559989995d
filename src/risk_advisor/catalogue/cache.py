"""A compiled catalogue kept between runs, so that a command starts in a fraction of a second.

Reading, checking and compiling the YAML catalogue takes ~150 ms; unpickling the result
takes a few. The cache key is a digest of every rule file's name and bytes, risk-advisor's
version, the source of the pickled classes and Python's version, so any edit to a rule file,
or an upgrade, recompiles. The cache lives
in ``$RISK_ADVISOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/risk-advisor``, else
``~/.cache/risk-advisor``; ``RISK_ADVISOR_NO_CACHE=1`` turns it off. A cache that cannot be
read or written is ignored: the catalogue is then compiled as if there were none.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .._version import __version__
from .model import Catalogue

__all__ = ["cache_dir", "cached"]


def cache_dir() -> Path | None:
    if os.environ.get("RISK_ADVISOR_NO_CACHE"):
        return None
    if explicit := os.environ.get("RISK_ADVISOR_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "risk-advisor"


_PACKAGE = Path(__file__).resolve().parents[1]
# The modules whose classes are pickled, and the compiler that builds them: a change to any of
# them (even without a version bump, as in development) must not unpickle old objects into new code.
_PICKLED = ("catalogue/model.py", "catalogue/conditions.py", "catalogue/tree.py", "engines/interface.py",
            "model/project.py", "model/vocabulary.py")


def _digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for module in _PICKLED:
        digest.update((_PACKAGE / module).read_bytes())
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached(files: list[Path], build: Callable[[], Catalogue]) -> Catalogue:
    """The catalogue compiled from ``files``: from the cache when it is current, else built."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        target = directory / f"catalogue-{_digest(files)}.pickle"
    except OSError:
        return build()  # a rule file vanished or is unreadable: let the loader say so
    try:
        with target.open("rb") as handle:
            catalogue = pickle.load(handle)
        if isinstance(catalogue, Catalogue):
            return catalogue
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    catalogue = build()  # raises CatalogueError on a broken catalogue: nothing is cached then
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".catalogue-", delete=False) as temporary:
            pickle.dump(catalogue, temporary, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary.name, target)
    except OSError:
        pass  # a read-only home, a full disk: run uncached
    return catalogue
