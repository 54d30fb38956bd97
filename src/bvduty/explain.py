"""Schema errors in an officer's words: what is wrong, where exactly, and what to type instead.

Pydantic says "Input should be 'planned', 'in-progress'..." and "String should match pattern";
the people editing these files are policy officers, not programmers. Each error type becomes a
message that names the field, the value as typed and the fix: the level, theme or choice that
was meant (with the folder's scale and framework known), the date in `YYYY-MM-DD`, or the
invisible character from Word, pointed at by its own column.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bvduty import suggest
from bvduty.errors import Problem
from bvduty.filedoc import character_position, dotted
from bvduty.frameworks import ThemeDef
from bvduty.model import (
    KINDS,
    ActionsFile,
    EvidenceFile,
    IndicatorsFile,
    Level,
    Manifest,
    ThemeFile,
)
from bvduty.yamlload import locate


@dataclass(frozen=True, slots=True)
class Context:
    """What the folder says about the words its files may use, for messages that name them."""

    levels: tuple[Level, ...] | None = None
    themes: tuple[ThemeDef, ...] | None = None
    framework: str = ""


KIND_MODELS: dict[str, type[BaseModel]] = {
    "assessment": Manifest,
    "theme": ThemeFile,
    "actions": ActionsFile,
    "evidence": EvidenceFile,
    "indicators": IndicatorsFile,
}
_UNION_TAGS = {"inline", "id"}
_ITEM_NOUNS = {
    "criteria": "characteristic",
    "findings": "finding",
    "actions": "action",
    "evidence": "evidence item",
    "levels": "level",
    "themes": "theme",
    "indicators": "indicator",
    "values": "value",
}
_LEVEL_FIELDS = frozenset({"rating", "target", "default_target"})
# Words officers use for the values of a closed set: folded word -> the value meant.
_SYNONYMS = {
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "closed": "done",
    "achieved": "done",
    "ongoing": "in-progress",
    "started": "in-progress",
    "underway": "in-progress",
    "on-track": "in-progress",
    "wip": "in-progress",
    "not-started": "planned",
    "open": "planned",
    "to-do": "planned",
    "todo": "planned",
    "on-hold": "blocked",
    "paused": "blocked",
    "stalled": "blocked",
    "dropped": "cancelled",
    "withdrawn": "cancelled",
    "canceled": "cancelled",
    "abandoned": "cancelled",
    "final": "approved",
    "agreed": "approved",
    "signed-off": "approved",
    "review": "in-review",
    "weakness": "improvement",
    "area-for-improvement": "improvement",
    "areas-for-improvement": "improvement",
    "improvements": "improvement",
    "strengths": "strength",
    "urgent": "high",
    "med": "medium",
    "h": "high",
    "m": "medium",
    "l": "low",
    "metropolitan": "metropolitan-district",
    "met-district": "metropolitan-district",
    "borough": "london-borough",
    "fire": "fire-and-rescue",
    "police": "police-and-crime",
    "pcc": "police-and-crime",
    "shire-district": "district",
    "shire-county": "county",
    "unitary-authority": "unitary",
}


@dataclass(frozen=True, slots=True)
class _Said:
    """One error in words: its code, message, and where exactly it points."""

    code: str
    message: str
    key: bool = False  # point at the key (an unknown field), not the value
    character: int | None = None  # point at this character of the value (or key)
    loc: tuple[str | int, ...] | None = None  # point here instead of the error's own place


def validation_problems(
    errors: list[Any],
    root: yaml.Node,
    display: str,
    data: dict[str, Any],
    context: Context | None = None,
) -> list[Problem]:
    problems = []
    model = KIND_MODELS.get(str(data.get("kind")))
    for error in errors:
        loc = clean_loc(error["loc"], data)
        said = _describe(error, loc, model, data, context or Context())
        where = said.loc if said.loc is not None else loc
        if said.character is not None:
            line, column = character_position(root, where, said.character, key=said.key)
        else:
            line, column = locate(root, where, key=said.key)
        problems.append(Problem(display, line, column, said.code, dotted(where), said.message))
    return problems


def clean_loc(loc: tuple[str | int, ...], data: dict[str, Any]) -> tuple[str | int, ...]:
    """Drop the discriminator tags Pydantic puts in `loc` (the kind, the scale's form)."""
    steps = list(loc)
    if steps and steps[0] == data.get("kind"):
        steps.pop(0)
    cleaned: list[str | int] = []
    for step in steps:
        if cleaned and cleaned[-1] == "scale" and step in _UNION_TAGS:
            continue
        cleaned.append(step)
    return tuple(cleaned)


def _value_at(data: Any, loc: Sequence[str | int]) -> Any:
    for step in loc:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _owner(data: dict[str, Any], loc: Sequence[str | int]) -> str:
    """` in action A01`: the list item holding `loc`, by its id when it has one."""
    for depth in range(len(loc) - 1, 0, -1):
        step, parent = loc[depth], loc[depth - 1]
        if isinstance(step, int) and isinstance(parent, str) and parent in _ITEM_NOUNS:
            item = _value_at(data, loc[: depth + 1])
            item_id = item.get("id") if isinstance(item, dict) else None
            noun = _ITEM_NOUNS[parent]
            if isinstance(item_id, str) and item_id:
                return f" in {noun} {item_id}"
            return f" in {noun} {step + 1} of '{parent}'"
    return ""


def _describe(
    error: Any,
    loc: tuple[str | int, ...],
    model: type[BaseModel] | None,
    data: dict[str, Any],
    context: Context,
) -> _Said:
    """One Pydantic error in an officer's words: what is wrong and what to type instead."""
    kind = error["type"]
    field_name = next((str(s) for s in reversed(loc) if isinstance(s, str)), "value")
    given = error.get("input")
    info = _field_info(model, loc)
    if kind == "extra_forbidden":
        return _unknown_field(field_name, loc, model, data)
    if kind == "missing":
        return _missing(field_name, loc, info, data)
    if kind == "bad_kind":
        return _bad_kind(data)
    if kind in {"bad_year", "bad_number"}:  # the message already says what to write
        return _with_character("bad-value", str(error["msg"]), given)
    if kind == "bad_date":
        return _with_character("bad-date", suggest.date_message(field_name, given), given)
    if field_name in _LEVEL_FIELDS and isinstance(given, str):
        message = suggest.level_message(field_name, given, context.levels)
        return _with_character("unknown-level", message, given)
    if loc == ("theme",) and model is ThemeFile and isinstance(given, str):
        message = suggest.theme_message(given, context.themes, context.framework)
        return _with_character("unknown-theme", message, given)
    if kind in {"literal_error", "enum"}:
        return _choice(field_name, given, error)
    if kind == "string_pattern_mismatch":
        return _pattern(field_name, loc, given, error["ctx"]["pattern"])
    if kind == "string_too_short" or (kind == "string_type" and given is None):
        return _Said("bad-value" if given is not None else "wrong-type", _empty(field_name, info))
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        message = f"{field_name} '{given}' is too long; write at most {limit} characters"
        return _Said("bad-value", message)
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        message = f"{field_name} '{_text(given)}' is not a whole number"
        message += f"; write a number{_range(info)}"
        return _Said("wrong-type", message)
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        message = f"{field_name} {_text(given)} is out of range; write a number{_range(info)}"
        return _Said("bad-value", message)
    if kind == "value_error":
        reason = error.get("ctx", {}).get("error", "this value is not allowed")
        return _Said("bad-value", str(reason))
    if kind in {"tuple_type", "list_type"}:
        item = model_in(info.annotation) if info is not None else None
        return _Said("wrong-type", _want_list(field_name, given, item))
    if kind == "string_type":
        return _Said("wrong-type", _want_text(field_name, given))
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _Said("wrong-type", _want_mapping(field_name, loc, given, info, model))
    return _Said("bad-value", f"{field_name} '{_text(given)}' is not allowed here")


def _with_character(code: str, message: str, given: Any) -> _Said:
    """Point at the first odd character of the value, when there is one."""
    found = suggest.odd_character(given) if isinstance(given, str) else None
    return _Said(code, message, character=found[0] if found else None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def shape(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping (lines indented under it)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _help(info: FieldInfo | None) -> str:
    """The field's help text, starting lower-case: ` (what the document is)`."""
    text = info.description if info is not None else None
    if not text:
        return ""
    return f" ({text[0].lower()}{text[1:]})"


def _rules(annotation: Any) -> list[Any]:
    """The constraints inside an annotation such as `Annotated[int, Field(ge=1)] | None`."""
    found: list[Any] = []
    for arg in typing.get_args(annotation):
        if isinstance(arg, FieldInfo):
            found.extend(arg.metadata)
        elif typing.get_origin(arg) is not None or isinstance(arg, types.UnionType):
            found.extend(_rules(arg))
        elif not isinstance(arg, type):
            found.append(arg)
    return found


def _range(info: FieldInfo | None) -> str:
    low = high = None
    rules = [*info.metadata, *_rules(info.annotation)] if info is not None else []
    for rule in rules:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of {low} or more"
    return f" of {high} or less" if high is not None else ""


def _unknown_field(
    name: str, loc: tuple[str | int, ...], model: type[BaseModel] | None, data: dict[str, Any]
) -> _Said:
    known = _fields_at(model, loc[:-1])
    holder = _value_at(data, loc[:-1])
    used = set(holder) if isinstance(holder, dict) else set()
    found = suggest.odd_character(name)
    cleaned = suggest.plain(name).strip()
    if found is not None and found[0] == 0 and cleaned and found[1] != "\ufeff":
        message = (
            f"this line starts with {suggest.name_character(found[1])}, so '{cleaned}' was read"
            f" as a new field here; indent with ordinary spaces"
        )
        return _Said("unknown-field", message, key=True, character=0)
    message = f"unknown field '{name}'" + suggest.character_note(name)
    hint = suggest.near(name, known)
    unused = [f for f in known if f not in used]
    shown = suggest.listing(unused or known)
    tail = "remove it, or use one of the " if not hint else ""
    if shown:
        tail += f"fields not yet used here: {shown}" if unused else f"fields here: {shown}"
    elif not hint:
        tail = "remove it, or rename it to a field of this part of the file"
    said = suggest.hinted(message, hint, tail)
    return _Said("unknown-field", said, key=True, character=found[0] if found else None)


def _missing(
    name: str, loc: tuple[str | int, ...], info: FieldInfo | None, data: dict[str, Any]
) -> _Said:
    where = _owner(data, loc)
    message = f"missing required field '{name}'{where}; add a line '{name}: …'{_help(info)}"
    return _Said("missing-field", message)


def _bad_kind(data: dict[str, Any]) -> _Said:
    kinds = ", ".join(KINDS)
    if "kind" not in data:
        message = f"missing the 'kind:' line; add it with one of: {kinds}"
        return _Said("unknown-kind", message, loc=())
    given = data["kind"]
    if given is None:
        return _Said("unknown-kind", f"kind is empty; write one of: {kinds}", loc=("kind",))
    if not isinstance(given, str):
        return _Said("unknown-kind", f"kind is one word; write one of: {kinds}", loc=("kind",))
    message = f"kind '{given}' is not a kind of bvduty file" + suggest.character_note(given)
    said = suggest.hinted(message, suggest.near(given, KINDS), f"write one of the kinds: {kinds}")
    found = suggest.odd_character(given)
    return _Said("unknown-kind", said, loc=("kind",), character=found[0] if found else None)


def _choice(name: str, given: Any, error: Any) -> _Said:
    expected = str(error.get("ctx", {}).get("expected", ""))
    options = re.findall(r"'([^']*)'", expected)
    shown = suggest.listing(options) or expected
    if given is None or given == "":
        return _Said("bad-value", f"{name} is empty; write one of: {shown}")
    if not isinstance(given, str):
        return _Said("wrong-type", f"{name} is one word; write one of: {shown}")
    aliases = {word: value for word, value in _SYNONYMS.items() if value in options}
    message = f"{name} '{given}' is not one of the choices" + suggest.character_note(given)
    said = suggest.hinted(message, suggest.near(given, options, aliases), f"choose one of: {shown}")
    return _with_character("bad-value", said, given)


def _pattern(name: str, loc: tuple[str | int, ...], given: Any, pattern: str) -> _Said:
    value = str(given)
    if value == "":
        return _Said("bad-value", f"{name} is empty; write a value or leave the line out")
    note = suggest.character_note(value)
    if "ENSW" in pattern:
        guess = value.strip().upper()
        message = (
            f"code '{value}' is not an ONS GSS code{note}; write the authority's code, a capital"
            " E, N, S or W and 8 digits (e.g. E07000123), or leave the line out"
        )
        near = guess if re.fullmatch(r"[ENSW]\d{8}", guess) else None
        return _with_character("bad-value", suggest.hinted(message, near), value)
    if pattern.startswith("^#"):
        message = (
            f"{name} '{value}' is not a colour written #rrggbb{note}; write # and six digits"
            " 0-9 or letters a-f, e.g. #00703c"
        )
        return _with_character("bad-value", message, value)
    if "a-z0-9" in pattern:
        message = f"{name} '{value}' must be lower-case letters, digits and hyphens{note}"
        guess = suggest.normalise(value)
        hint = guess if suggest.SLUG.fullmatch(guess) else None
        tail = "" if hint else "write it like dark-green"
        return _with_character("bad-value", suggest.hinted(message, hint, tail), value)
    # An id: no spaces or commas. Several ids in one if each part looks like an id on its own.
    parts = [p for p in re.split(r"[\s,]+", suggest.plain(value)) if p]
    looks_like_ids = all(re.search(r"[A-Za-z]", p) and re.search(r"\d", p) for p in parts)
    if isinstance(loc[-1], int) and len(parts) > 1 and looks_like_ids:
        message = (
            f"'{value}' holds {len(parts)} ids in one; separate them with commas:"
            f" [{', '.join(parts)}]"
        )
        return _Said("bad-value", message)
    message = f"{name} '{value}' must not contain spaces or commas{note}"
    guess = "".join(parts)
    hint = guess if len(parts) == 2 and re.fullmatch(r"[A-Za-z]*\d[\w-]*", guess) else None
    tail = "" if hint else "write the id as one word, e.g. R001"
    return _with_character("bad-value", suggest.hinted(message, hint, tail), value)


def _empty(name: str, info: FieldInfo | None) -> str:
    return f"{name} is empty; fill it in{_help(info)}"


def _want_list(name: str, given: Any, item: type[BaseModel] | None) -> str:
    if given is None:
        return f"{name} is empty; write [] for none, or list the items on lines starting '- '"
    if item is not None:  # a list of mappings: criteria, actions, levels...
        first = next((n for n, f in item.model_fields.items() if f.is_required()), "id")
        return (
            f"{name} should be a list, not {shape(given)}; start each item on its own line"
            f" with '- {first}: …', its other fields indented below"
        )
    if isinstance(given, str):
        parts = [p for p in re.split(r"[\s,]+", given) if p]
        return f"{name} should be a list; write it as [{', '.join(parts)}]"
    return (
        f"{name} should be a list; write it as [a, b] or as lines starting '- ', not {shape(given)}"
    )


def _want_text(name: str, given: Any) -> str:
    if isinstance(given, list):
        return (
            f"{name} should be text, not a list; to write text that starts with '[',"
            " put it in quotes"
        )
    return (
        f"{name} should be text, not {shape(given)}; write the text on the same line, and put"
        " text with ': ' in it in quotes"
    )


def _want_mapping(
    name: str,
    loc: tuple[str | int, ...],
    given: Any,
    info: FieldInfo | None,
    model: type[BaseModel] | None,
) -> str:
    inner = _model_at(model, loc)
    required = [n for n, f in inner.model_fields.items() if f.is_required()] if inner else []
    fields = f" ({', '.join(required)})" if required else ""
    names = required or (list(inner.model_fields) if inner else [])
    example = f"{names[0]}: …" if names else "heading: text"
    if loc and isinstance(loc[-1], int) and isinstance(loc[-2] if len(loc) > 1 else None, str):
        noun = _ITEM_NOUNS.get(str(loc[-2]), "item")
        if given is None:
            return (
                f"this {noun} is empty; write its fields{fields} after the '-', or delete the line"
            )
        start = f"{names[0]}: {given}" if names and isinstance(given, str) else example
        value = f"the single value '{given}'" if isinstance(given, str) else shape(given)
        return (
            f"each {noun} needs its fields{fields} on lines of their own, not {value};"
            f" write it as '- {start}' with the other fields indented below"
        )
    if given is None:
        return f"{name} is empty; write its fields{fields} on indented lines below it"
    return (
        f"{name} holds fields{fields}, not {shape(given)}; write them on the lines below it,"
        f" indented, e.g. '{example}'"
    )


def _field_info(model: type[BaseModel] | None, loc: Sequence[str | int]) -> FieldInfo | None:
    """The FieldInfo of the last named step of `loc`."""
    steps = list(loc)
    while steps and isinstance(steps[-1], int):
        steps.pop()
    if not steps:
        return None
    holder = _model_at(model, steps[:-1])
    return holder.model_fields.get(str(steps[-1])) if holder is not None else None


def _model_at(model: type[BaseModel] | None, loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model found by walking `loc` from the document model."""
    current = model
    for step in loc:
        if current is None:
            return None
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step)
        current = model_in(info.annotation) if info else None
    return current


def _fields_at(model: type[BaseModel] | None, loc: Sequence[str | int]) -> list[str]:
    """The field names of the model found by walking `loc` from the document model."""
    current = _model_at(model, loc)
    return list(current.model_fields) if current else []


def model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return model_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = model_in(arg)
            if found:
                return found
    return None
