"""Read a project description — a file, a dict or a :class:`Project` — into a validated Project.

A file's format follows its extension: ``.yaml``/``.yml`` (PyYAML's *safe* loader only),
``.json``, ``.toml``. Any failure raises :class:`~risk_advisor.errors.ProjectError` listing
every problem found, each with the file, the line and column, what was expected and a hint
(the closest valid key or value). Files are only ever read, never written.

Limits, so that no input can hang or exhaust the machine:

* a file larger than ``MAX_PROJECT_FILE_BYTES`` (2 MiB) is refused unread — real project
  descriptions are a few kilobytes;
* nesting deeper than ``_located.MAX_DEPTH`` (64) levels is refused, in every format;
* a YAML document expanding to more than ``_yaml.MAX_NODES`` values (an alias bomb) is refused.
"""

from __future__ import annotations

import os
import re
import stat
import types
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ._input_messages import current_language, language, translate
from ._json import load_json
from ._located import MAX_DEPTH, Located, Unreadable
from ._yaml import YamlProblem, load_yaml
from .errors import Problem, ProjectError
from .model.project import Project
from .model.vocabulary import label

__all__ = ["FORMATS", "MAX_PROJECT_FILE_BYTES", "load_project", "load_project_located", "load_project_text"]

MAX_PROJECT_FILE_BYTES = 2 * 1024 * 1024
Format = Literal["yaml", "json", "toml"]
FORMATS: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

_NEEDS_A_NAME = "a project needs at least a name, e.g. `name: Jardin partagé`"


def load_project(
    source: str | os.PathLike[str] | Mapping[str, Any] | Project, *, lang: str | None = None
) -> Project:
    """The validated project in ``source``: a file path, a mapping, or a Project (returned as is).

    ``lang`` (``fr`` or ``en``; default English) is the language of the problems reported.
    """
    return load_project_located(source, lang=lang)[0]


def load_project_located(
    source: str | os.PathLike[str] | Mapping[str, Any] | Project, *, lang: str | None = None
) -> tuple[Project, Located | None, str | None]:
    """:func:`load_project`, with where each key stood (``None`` for a Project) and the file name
    (``None`` unless ``source`` is a path), for checks that need the catalogue to locate their errors."""
    with language(lang):
        return _load_project_located(source)


def _load_project_located(
    source: str | os.PathLike[str] | Mapping[str, Any] | Project,
) -> tuple[Project, Located | None, str | None]:
    if isinstance(source, Project):
        return source, None, None
    if isinstance(source, Mapping):
        located = Located(dict(source))
        return _validate(located, None), located, None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        _check_is_file(path)
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            what = f"unknown file type `{path.suffix}`" if path.suffix else "the file name has no extension"
            _fail(str(path), what, hint="name the file .yaml, .yml, .json or .toml")
        project, located = _load_text(_read_text(path), str(path), fmt)
        return project, located, str(path)
    raise TypeError(f"load_project() takes a path, a mapping or a Project, not {type(source).__name__}")


def load_project_text(
    text: str, *, filename: str = "<input>", fmt: Format = "yaml", lang: str | None = None
) -> Project:
    """The validated project written in ``text`` (``fmt``: yaml, json or toml; ``lang``: of the problems)."""
    with language(lang):
        return _load_text(text, filename, fmt)[0]


def _load_text(text: str, filename: str, fmt: Format) -> tuple[Project, Located]:
    if not text.strip():
        _fail(filename, "the file is empty", hint=_NEEDS_A_NAME)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: only a str handed to load_project_text holds one
        pos = (text.count("\n", 0, exc.start) + 1, exc.start - text.rfind("\n", 0, exc.start))
        _fail(filename, f"not UTF-8 text: character U+{ord(text[exc.start]):04X} cannot be read", pos,
              "save the file as UTF-8")
    parse: Callable[[str], Located] = {"yaml": _parse_yaml, "json": load_json, "toml": _load_toml}[fmt]
    try:
        located = parse(text)
        if located.data is None:
            raise Unreadable("the file contains only comments or blank lines", hint=_NEEDS_A_NAME)
        if not isinstance(located.data, dict):
            raise Unreadable(
                "the file must describe one project as keys and values (`name: …`), "
                f"not {_show(located.data)}",
                located.where(()) or (1, 1),
            )
        if fmt != "yaml":  # _yaml bounds its own depth
            _check_depth(located.data)
    except Unreadable as exc:
        _fail(filename, exc.message, exc.pos, exc.hint)
    return _validate(located, filename), located


# ---- reading ------------------------------------------------------------------------------


def _fail(file: str, message: str, pos: tuple[int, int] | None = None, hint: str | None = None) -> NoReturn:
    line, column = pos or (None, None)
    problem = Problem(
        translate(message) or message, file=file, line=line, column=column, hint=translate(hint),
        lang=current_language(),
    )
    raise ProjectError(translate(f"{file}: cannot read the project description") or "", [problem])


def _check_is_file(path: Path) -> None:
    name = str(path)
    try:
        is_dir = stat.S_ISDIR(path.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        _fail(name, "file not found", hint="check the spelling of the path")
    except PermissionError:
        _fail(name, "permission denied: this file cannot be read", hint="check the file's permissions")
    except (OSError, ValueError) as exc:
        _fail(name, f"cannot read the file: {getattr(exc, 'strerror', None) or exc}")
    if is_dir:
        _fail(name, "this is a folder, not a file", hint="give the path of a .yaml, .json or .toml file")


def _read_text(path: Path) -> str:
    name = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_PROJECT_FILE_BYTES + 1)  # bounded: /dev/zero must not hang us
    except FileNotFoundError:  # removed since we looked
        _fail(name, "file not found", hint="check the spelling of the path")
    except IsADirectoryError:
        _fail(name, "this is a folder, not a file", hint="give the path of a .yaml, .json or .toml file")
    except PermissionError:
        _fail(name, "permission denied: this file cannot be read", hint="check the file's permissions")
    except OSError as exc:
        _fail(name, f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_PROJECT_FILE_BYTES:
        _fail(
            name,
            f"file too large: a project description is limited to {MAX_PROJECT_FILE_BYTES // 2**20} MiB",
            hint="is this the right file? real descriptions are a few kilobytes",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(name, "the file is saved as UTF-16", hint="save it as UTF-8")
    if b"\x00" in raw:
        _fail(
            name,
            "this is a binary file, not a text project description",
            hint="give the .yaml, .json or .toml file",
        )
    try:
        return raw.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        pos = (raw.count(b"\n", 0, exc.start) + 1, column)
        message = f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read"
        _fail(name, message, pos, "save the file as UTF-8")


def _check_depth(data: Any) -> None:
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Unreadable(f"nesting deeper than {MAX_DEPTH} levels")
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)


# ---- parsing ------------------------------------------------------------------------------


def _load_toml(text: str) -> Located:
    from ._toml import load_toml  # tomllib on first use: most descriptions are YAML

    return load_toml(text)


def _parse_yaml(text: str) -> Located:
    try:
        return load_yaml(text)
    except YamlProblem as exc:
        pos = (exc.line, exc.column or 1) if exc.line else None
        message, hint = exc.message, exc.hint
        if pos is None and (at := re.search(r'\n\s*in "<unicode string>", position (\d+)', message)):
            # a reader error: libyaml (which _yaml uses whenever PyYAML has it) gives a byte offset
            # into the UTF-8 text instead of a line; every accent before it counts twice
            offset = len(text.encode("utf-8")[: int(at[1])].decode("utf-8", "replace"))
            pos = (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
            message = message[: at.start()]
        if "another document" in message:
            message = "the file holds several YAML documents; a project file holds one"
            hint = "remove the `---` line"
        elif "nesting depth" in message:  # libyaml's own limit, met before ours
            message = f"nesting deeper than {MAX_DEPTH} levels"
        elif message.startswith("invalid YAML") and not hint:
            hint = "check the indentation, the colons and the quotes here"
        raise Unreadable(message, pos, hint) from None


# ---- validating ---------------------------------------------------------------------------


def _validate(located: Located, file: str | None) -> Project:
    try:
        return Project.model_validate(located.data)
    except ValidationError as exc:
        problems = [_problem(err, located, file) for err in exc.errors()]
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))  # reading order
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    summary = f"{file or '<input>'}: not a valid project description ({count})"
    raise ProjectError(translate(summary) or summary, problems)


def _problem(err: Any, located: Located, file: str | None) -> Problem:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    if err["type"] == "invalid_key":
        loc = (*loc[:-1], str(err["input"]))  # pydantic names a bool key 1; _yaml stored "True"
    message, hint = _explain(err, loc)
    at_value = err["type"] not in ("extra_forbidden", "invalid_key", "missing")
    line, column = (located.values.get(loc) if at_value else None) or located.where(loc) or (None, None)
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return Problem(
        translate(message) or message, file=file, line=line, column=column, path=path or None,
        hint=translate(hint), lang=current_language(),
    )


def _explain(err: Any, loc: tuple[str | int, ...]) -> tuple[str, str | None]:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    got = f", got {_show(value)}"
    if kind == "missing":
        key = loc[-1]
        return f"required key `{key}` is missing", (_NEEDS_A_NAME if loc == ("name",) else f"add `{key}: …`")
    if kind == "extra_forbidden":
        return f"unknown key `{loc[-1]}`", _suggest_key(loc)
    if kind == "invalid_key":
        hint = "put the key in quotes"
        if isinstance(value, bool):
            hint = "YAML reads yes, no, on and off as true or false: " + hint
        return f"`{value}` is not a valid key", hint
    if kind == "enum":
        return f"`{value}` is not an allowed value", _suggest_value(value, loc, ctx)
    if kind in ("bool_type", "bool_parsing"):
        return "expected yes or no (true or false)" + got, None
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "expected a whole number" + got, None
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "expected a number" + got, None
    for bound, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if bound in ctx and kind.startswith(("greater", "less")):
            limit = ctx[bound]
            return f"must be {words} {int(limit) if float(limit).is_integer() else limit}" + got, None
    if kind == "string_type":
        quotable = value is not None and not isinstance(value, (dict, list))
        return "expected text" + got, ("put it in quotes" if quotable else None)
    if kind == "string_unicode":  # a JSON escape of half a surrogate pair, "\ud83d" alone
        return "text holding half of an escaped character (a lone \\uD800–\\uDFFF escape)", (
            "write the character itself, or both halves of its escape"
        )
    if kind == "string_too_short":
        return "must not be empty", None
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters", None
    if kind == "string_pattern_mismatch":
        hint = "a risk ID or a rule ID, e.g. `long-delivery-delay` or `GOV-CITIZEN-NO-LOOKOUT`"
        return f"{_show(value)} is not written as expected", hint
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a section of keys and values" + got, None
    if kind in ("tuple_type", "list_type", "iterable_type"):
        return "expected a list" + got, f"write it as a list: `[{value}]`" if isinstance(value, str) else None
    if kind.startswith(("date_", "datetime_")):
        return "expected a date such as 2025-06-30" + got, None
    return str(err["msg"]), None


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a section of keys"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return "text" if not value.strip() else f"`{value[:40]}{'…' if len(value) > 40 else ''}`"
    text = str(value)
    return f"`{text[:40]}{'…' if len(text) > 40 else ''}`"


def _suggest_key(loc: tuple[str | int, ...]) -> str | None:
    key, parent = str(loc[-1]), _type_at(loc[:-1])
    fields = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
    import difflib  # on first use: only a mistake needs a suggestion
    close = difflib.get_close_matches(key.lower(), fields, n=1, cutoff=0.6)
    close = close or [f for f in fields if f.endswith(f"_{key.lower()}")][:1]  # lookout → technical_lookout
    if close:
        return f"did you mean `{close[0]}`?"
    home = _FIELD_HOMES.get(key.lower())
    if home is not None and home != tuple(p for p in loc[:-1] if isinstance(p, str)):
        where = f"in the `{'.'.join(home)}` section" if home else "at the top level"
        return f"`{key}` belongs {where}"
    if fields and len(fields) <= 12:
        return "allowed keys here: " + ", ".join(fields)
    return "run `risk-advisor schema` to see every allowed key"


def _suggest_value(value: Any, loc: tuple[str | int, ...], ctx: dict[str, Any]) -> str | None:
    enum = _type_at(loc)
    if isinstance(enum, type) and issubclass(enum, Enum):
        allowed = [member.value for member in enum]
        # every value, with its label: a reader picks by meaning, not by spelling
        listed = [f"{m.value} ({label(m, current_language())})" for m in enum]
    else:
        allowed = listed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    wanted = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    # every value is listed: suggest one only when it is really close (not other_authorities
    # for youth_associations)
    import difflib  # on first use: only a mistake needs a suggestion
    close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.75)
    parts = [f"did you mean `{close[0]}`?"] if close else []
    if listed:
        parts.append("allowed values: " + ", ".join(listed))
    return " ".join(parts) or "run `risk-advisor schema` to see the allowed values"


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp


def _type_at(loc: tuple[str | int, ...]) -> Any:
    """The model, enum or type a project path leads to, or None when the path leaves the model."""
    tp: Any = Project
    for item in loc:
        tp = _unwrap(tp)
        if isinstance(item, int) and get_origin(tp) in (tuple, list):
            tp = get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and item in tp.model_fields:
            tp = tp.model_fields[str(item)].annotation
        else:
            return None
    return _unwrap(tp)


def _field_homes() -> dict[str, tuple[str, ...]]:
    """Each field name used in exactly one section of the model → that section's path."""
    homes: dict[str, set[tuple[str, ...]]] = {}

    def visit(model: type[BaseModel], path: tuple[str, ...]) -> None:
        for name, field in model.model_fields.items():
            homes.setdefault(name, set()).add(path)
            inner = _unwrap(field.annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                visit(inner, (*path, name))

    visit(Project, ())
    return {name: next(iter(paths)) for name, paths in homes.items() if len(paths) == 1}


_FIELD_HOMES = _field_homes()
