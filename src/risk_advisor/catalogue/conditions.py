"""The condition language: parsed by hand (never ``eval``), checked against the project model.

Source text → tokens → a surface parse → a *core* tree over fact keys, which is all the engines
see. The core has five node types (:class:`~.tree.Cmp`, :class:`~.tree.Present`,
:class:`~.tree.And`, :class:`~.tree.Or`, :class:`~.tree.Not`), defined in :mod:`.tree`; list
membership, phase order, ``involves(…)`` and ``risk(…)`` compile to comparisons on *derived*
fact keys (see :mod:`risk_advisor.facts`). The grammar and its three-valued meaning are
documented for rule authors in ``rules/README.md``.

A condition is bounded before it is parsed, so that no rule file can exhaust the stack or
the memory of anything that walks the tree afterwards (the engines, the explanations, the
cache): at most :data:`MAX_CONDITION_CHARS` characters, :data:`MAX_NESTING` levels of
parentheses and ``not``, numbers of at most :data:`MAX_NUMBER_DIGITS` digits. The parser
recurses only once per level of nesting, and counts the levels before it does. Error
messages quote at most a short excerpt of the condition.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..model.vocabulary import Phase, Role
from .traits import Trait, traits
from .tree import MAX_NESTING, And, Cmp, CompiledCondition, Cond, Key, Not, Op, Or, Present, Scalar

__all__ = ["MAX_CONDITION_CHARS", "MAX_NESTING", "MAX_NUMBER_DIGITS", "ConditionError", "compile_condition"]

MAX_CONDITION_CHARS = 4_000  # the longest shipped condition has ~440
MAX_NUMBER_DIGITS = 15  # beyond, a float cannot tell the numbers apart anyway
_EXCERPT = 30  # characters of a token quoted in an error message


def _quote(text: str) -> str:
    """``text`` quoted for an error message, cut to a short excerpt."""
    return repr(text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…")


@dataclass
class ConditionError(Exception):
    """A condition that does not parse or does not match the project model."""

    message: str
    column: int | None = None  # 1-based, in the condition text
    hint: str | None = None

    def __str__(self) -> str:
        at = f" (column {self.column})" if self.column else ""
        return f"{self.message}{at}" + (f"; {self.hint}" if self.hint else "")


# ---------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>-?\d[\d_]*(?:\.\d+)?(?![\w.-]))
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[(),\[\]])
  | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
    """,
    re.VERBOSE,
)

# A trait's type as a rule author reads it, with its article ("origin is a one-of-a-list trait").
_KIND_WORDS: dict[str, str] = {
    "bool": "a yes/no",
    "int": "a whole-number",
    "float": "a number",
    "enum": "a one-of-a-list",
    "enum_list": "a list",
    "text": "a free-text",
}
_KEYWORDS = {"and", "or", "not", "in", "contains", "is", "known", "unknown", "true", "false"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    col: int


def _tokenize(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConditionError(f"unexpected character {text[pos]!r}", pos + 1)  # one character: short
        if m.lastgroup != "ws":
            out.append(_Tok(str(m.lastgroup), m.group(), pos + 1))
        pos = m.end()
    out.append(_Tok("end", "", len(text) + 1))
    return out


def _suggest(word: str, choices: list[str] | tuple[str, ...], what: str) -> str | None:
    if len(word) > 2 * _EXCERPT:  # no name is that long; difflib would take its time to say so
        return None
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if len(choices) <= 30:
        return f"{what} is one of: {', '.join(choices)}"
    return None


# ---------------------------------------------------------------------------- parser


@dataclass
class _Parser:
    toks: list[_Tok]
    model: dict[str, Trait]
    pos: int = 0
    depth: int = 0  # levels of parentheses and `not` open at the current token
    keys: set[Key] = field(default_factory=set)
    risks: set[str] = field(default_factory=set)

    # -- token helpers
    def peek(self, offset: int = 0) -> _Tok:
        return self.toks[min(self.pos + offset, len(self.toks) - 1)]

    def take(self) -> _Tok:
        tok = self.peek()
        self.pos += 1
        return tok

    def is_word(self, text: str, offset: int = 0) -> bool:
        tok = self.peek(offset)
        return tok.kind == "word" and tok.text == text

    def expect(self, kind: str, text: str | None = None, what: str = "") -> _Tok:
        tok = self.take()
        if tok.kind != kind or (text is not None and tok.text != text):
            found = tok.text or "the end of the condition"
            raise ConditionError(f"expected {what or text or kind}, found {_quote(found)}", tok.col)
        return tok

    # -- grammar: or > and > not > primary
    def parse(self) -> Cond:
        tree = self.or_()
        tok = self.peek()
        if tok.kind != "end":
            hint = "join conditions with `and` / `or`" if tok.kind == "word" else None
            raise ConditionError(f"unexpected {_quote(tok.text)}", tok.col, hint)
        return tree

    def or_(self) -> Cond:
        items = [self.and_()]
        while self.is_word("or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Cond:
        items = [self.not_()]
        while self.is_word("and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def nest(self, tok: _Tok) -> None:
        """Enter one more level of nesting at ``tok``, or refuse: checked before recursing."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                f"the condition nests more than {MAX_NESTING} levels of parentheses and `not`",
                tok.col,
                "simplify it, or split it into several rules revealing the same risk",
            )

    def not_(self) -> Cond:
        negations = 0
        while self.is_word("not"):  # a loop, not a recursion: `not not not …` costs no stack
            self.nest(self.take())
            negations += 1
        tree = self.primary()
        for _ in range(negations):
            tree = Not(tree)
        self.depth -= negations
        return tree

    def primary(self) -> Cond:
        tok = self.peek()
        if tok.kind == "punct" and tok.text == "(":
            self.nest(self.take())
            inner = self.or_()
            self.expect("punct", ")", "`)`")
            self.depth -= 1
            return inner
        if tok.kind != "word" or tok.text in _KEYWORDS:
            found = tok.text or "the end of the condition"
            raise ConditionError(f"expected a trait, `involves(…)` or `risk(…)`, found {_quote(found)}", tok.col)
        if tok.text == "involves" and self.peek(1).text == "(":
            return self.involves()
        if tok.text == "risk" and self.peek(1).text == "(":
            return self.risk()
        return self.comparison()

    def involves(self) -> Cond:
        self.take()
        self.expect("punct", "(", "`(`")
        role_tok = self.expect("word", what="a stakeholder role")
        roles = [r.value for r in Role]
        if role_tok.text not in roles:
            raise ConditionError(
                f"unknown stakeholder role {_quote(role_tok.text)}",
                role_tok.col,
                _suggest(role_tok.text, roles, "a role"),
            )
        phase = ""
        if self.peek().text == ",":
            self.take()
            phase_tok = self.expect("word", what="a phase")
            phases = [p.value for p in Phase]
            if phase_tok.text not in phases:
                raise ConditionError(
                    f"unknown phase {_quote(phase_tok.text)}",
                    phase_tok.col,
                    _suggest(phase_tok.text, phases, "a phase"),
                )
            phase = phase_tok.text
        self.expect("punct", ")", "`)`")
        key = Key("involves", role_tok.text, phase)
        self.keys.add(key)
        return Cmp(key, "==", True)

    def risk(self) -> Cond:
        self.take()
        self.expect("punct", "(", "`(`")
        tok = self.expect("word", what="a risk ID")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tok.text):
            raise ConditionError(
                f"{_quote(tok.text)} is not a risk ID (kebab-case, e.g. `no-technical-lookout`)", tok.col
            )
        self.expect("punct", ")", "`)`")
        key = Key("risk", tok.text)
        self.keys.add(key)
        self.risks.add(tok.text)
        return Cmp(key, "==", True)

    # -- comparisons on a trait
    def trait(self) -> tuple[Trait, _Tok]:
        tok = self.take()
        trait = self.model.get(tok.text)
        if trait is None:
            hint = _suggest(tok.text, sorted(self.model), "a trait")
            if tok.text == "stakeholders":
                hint = "read the stakeholder list with `involves(role)` or `involves(role, phase)`"
            raise ConditionError(
                f"unknown trait {_quote(tok.text)}", tok.col, hint or "`risk-advisor schema` lists the traits"
            )
        return trait, tok

    def comparison(self) -> Cond:
        trait, tok = self.trait()
        nxt = self.peek()
        if nxt.kind == "op":
            self.take()
            return self.compare(trait, tok, nxt.text, self.value(trait))  # type: ignore[arg-type]
        if self.is_word("is"):
            self.take()
            negate = False
            if self.is_word("not"):
                self.take()
                negate = True
            word = self.expect("word", what="`known` or `unknown`")
            if word.text not in ("known", "unknown"):
                raise ConditionError(f"expected `known` or `unknown`, found {_quote(word.text)}", word.col)
            key = Key("count", trait.path) if trait.type == "enum_list" else Key("trait", trait.path)
            self.keys.add(key)
            return Present(key, (word.text == "known") != negate)
        if self.is_word("in") or (self.is_word("not") and self.is_word("in", 1)):
            negate = self.take().text == "not"
            if negate:
                self.take()
            values = self.value_list(trait)
            tree: Cond = Or(tuple(self.compare(trait, tok, "==", v) for v in values))
            if len(values) == 1:
                tree = tree.items[0]  # type: ignore[union-attr]
            return Not(tree) if negate else tree
        if self.is_word("contains"):
            self.take()
            if trait.type != "enum_list":
                raise ConditionError(
                    f"`contains` applies to list traits; {trait.path} is {_KIND_WORDS[trait.type]}", nxt.col
                )
            value = self.value(trait)
            key = Key("contains", trait.path, str(value))
            self.keys.add(key)
            return Cmp(key, "==", True)
        if trait.type == "bool":
            key = Key("trait", trait.path)
            self.keys.add(key)
            return Cmp(key, "==", True)
        raise ConditionError(
            f"{trait.path} is {_KIND_WORDS[trait.type]} trait: compare it (e.g. `{trait.path} == …`)",
            nxt.col if nxt.kind != "end" else tok.col,
            "only yes/no traits stand alone",
        )

    def value_list(self, trait: Trait) -> list[Scalar]:
        self.expect("punct", "[", "`[`")
        values = [self.value(trait)]
        while self.peek().text == ",":
            self.take()
            values.append(self.value(trait))
        self.expect("punct", "]", "`]`")
        return values

    def value(self, trait: Trait) -> Scalar:
        tok = self.take()
        if trait.type in ("enum", "enum_list"):
            text = tok.text[1:-1] if tok.kind == "string" else tok.text
            if tok.kind not in ("word", "string") or text not in trait.values:
                raise ConditionError(
                    f"{_quote(tok.text)} is not a value of {trait.path}",
                    tok.col,
                    _suggest(text, trait.values, f"{trait.path}"),
                )
            return text
        if trait.type == "bool":
            if tok.kind == "word" and tok.text in ("true", "false"):
                return tok.text == "true"
            raise ConditionError(f"{trait.path} is yes/no: compare it with `true` or `false`", tok.col)
        if trait.type in ("int", "float"):
            if tok.kind != "number":
                raise ConditionError(f"{trait.path} is a number: {_quote(tok.text)} is not one", tok.col)
            text = tok.text.replace("_", "")
            digits = sum(c.isdigit() for c in text)
            if digits > MAX_NUMBER_DIGITS:
                raise ConditionError(
                    f"number too long ({digits} digits, at most {MAX_NUMBER_DIGITS})", tok.col, "write a smaller number"
                )
            return float(text) if "." in text else int(text)
        raise ConditionError(f"{trait.path} is free text and cannot be compared; test it with `is known`", tok.col)

    def compare(self, trait: Trait, tok: _Tok, op: Op, value: Scalar) -> Cond:
        if trait.type == "enum_list":
            raise ConditionError(f"{trait.path} is a list: use `{trait.path} contains …`", tok.col)
        if trait.type == "text":
            raise ConditionError(f"{trait.path} is free text and cannot be compared", tok.col)
        if op not in ("==", "!=") and trait.type in ("bool", "enum"):
            if trait.vocabulary is Phase:
                key = Key("rank", trait.path)
                self.keys.add(key)
                return Cmp(key, op, Phase(value).rank)
            raise ConditionError(f"{trait.path} has no order: use `==`, `!=` or `in`", tok.col)
        key = Key("trait", trait.path)
        self.keys.add(key)
        return Cmp(key, op, value)


def compile_condition(text: str) -> CompiledCondition:
    """Parse and type-check ``text``; raise :class:`ConditionError` with a column and a hint."""
    if len(text) > MAX_CONDITION_CHARS:
        raise ConditionError(
            f"the condition is {len(text):,} characters long, at most {MAX_CONDITION_CHARS:,}",
            None,
            "split it into several rules revealing the same risk",
        )
    parser = _Parser(_tokenize(text), traits())
    tree = parser.parse()
    return CompiledCondition(text, tree, frozenset(parser.keys), frozenset(parser.risks))
