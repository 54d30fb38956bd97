"""One JSON Schema (draft-07) for every bvduty file kind, generated from the Pydantic models.

Why draft-07: it is the dialect yaml-language-server (VS Code's YAML extension, and editors that
use the same server) understands fully, so editors show each field's description on hover,
complete field names and enum values, and flag typos as the user types.

Why generated: the models are the contract; a schema written by hand would drift from them.
The schema is deliberately a little more lenient than `bvduty validate` where YAML itself is
ambiguous (an id written `0012` is a number to a YAML 1.2 editor but the string "0012" to
bvduty), so an editor never flags a file that bvduty accepts; cross-file rules (levels in the
scale, references) are only checked by `bvduty validate`.
"""

from __future__ import annotations

import json
from typing import Any

from bvduty.frameworks import Framework
from bvduty.model import DOCUMENT, KINDS, SUPPORTED_VERSIONS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
TITLE = "bvduty file (format version 1)"
DESCRIPTION = (
    "A file of a Best Value Duty self-assessment kept by bvduty: `kind` says which of "
    "assessment (the manifest), theme, actions, evidence, indicators or a local framework it "
    "is. Check the whole folder with `bvduty validate`; docs/format.md is the specification."
)
# What a YAML editor may hand us for a value bvduty reads as text: `0012`, `1.10` and `true`
# are numbers and booleans to YAML 1.2 but stay the strings they look like in bvduty.
_TEXT_TYPES = ["string", "number", "integer", "boolean"]
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_INTEGER_TEXT = {"type": "string", "pattern": r"^[0-9]+$"}
_NUMBER_TEXT = {
    "type": "string",
    "pattern": r"^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$",
}
# The words bvduty reads as yes or no (any case), e.g. `key_decision: no`; a YAML 1.2 editor
# sees most of them as text, so they are allowed beside true and false.
_BOOLEAN_WORDS = ("yes", "no", "true", "false", "on", "off", "y", "n", "t", "f", "1", "0")


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


_BOOLEAN_TEXT = {"type": "string", "pattern": f"^({'|'.join(map(_any_case, _BOOLEAN_WORDS))})$"}
_KIND_MODELS = {
    "assessment": "Manifest",
    "theme": "ThemeFile",
    "actions": "ActionsFile",
    "evidence": "EvidenceFile",
    "indicators": "IndicatorsFile",
    # A local framework file may sit in the assessment folder (docs/format.md 2.7), and
    # `bvduty validate` accepts it there, so the schema must too.
    "framework": "Framework",
}
SCHEMA_KINDS = (*KINDS, "framework")


def build_schema() -> dict[str, Any]:
    """The draft-07 schema covering every file kind, discriminated by `kind`."""
    generated = DOCUMENT.json_schema(mode="validation", ref_template="#/definitions/{model}")
    framework = Framework.model_json_schema(ref_template="#/definitions/{model}")
    found = {
        **generated.get("$defs", {}),
        **framework.pop("$defs", {}),
        "Framework": framework,
    }
    definitions = {name: _adapt(definition) for name, definition in found.items()}
    versions: list[Any] = [*SUPPORTED_VERSIONS, *(str(v) for v in SUPPORTED_VERSIONS)]
    return {
        "$schema": DRAFT_07,
        "title": TITLE,
        "description": DESCRIPTION,
        "type": "object",
        "required": ["kind"],  # `bvduty` too, for every kind but framework
        "properties": {
            "bvduty": {
                "description": "File format version; must be 1",
                "enum": versions,
            },
            "kind": {
                "description": "What this file holds: assessment (the manifest, exactly one per "
                "folder), theme, actions, evidence, indicators (financial resilience "
                "indicators), or framework (a local framework file)",
                "enum": list(SCHEMA_KINDS),
            },
        },
        # if/then rather than oneOf: an editor then reports the one kind's problems, not
        # "matches none of four schemas".
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/definitions/{_KIND_MODELS[kind]}"},
            }
            for kind in SCHEMA_KINDS
        ],
        "definitions": definitions,
    }


def render_schema() -> str:
    """The schema as indented JSON text, ending with a newline."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def _adapt(node: Any) -> Any:
    """Rewrite one generated schema node for draft-07 and for values as YAML gives them."""
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    adapted = {key: _adapt(value) for key, value in node.items()}
    if isinstance(adapted.get("properties"), dict):
        # Generated titles only repeat the field name ("Completed On"); editors show them
        # above the description, so leave them out.
        adapted["properties"] = {
            name: {k: v for k, v in field.items() if k != "title"}
            for name, field in adapted["properties"].items()
        }
    if "$ref" in adapted and len(adapted) > 1:
        # draft-07 ignores every keyword beside $ref, which would hide the description.
        reference = {"$ref": adapted.pop("$ref")}
        adapted["allOf"] = [reference]
    kind = adapted.get("type")
    if kind == "integer" and "const" in adapted:  # bvduty: 1, or "1" when quoted
        value = adapted.pop("const")
        adapted.pop("type")
        return {**adapted, "enum": [value, str(value)]}
    if kind == "string":
        if adapted.get("format") == "date":
            adapted.setdefault("pattern", _DATE_PATTERN)
        elif "enum" not in adapted and "const" not in adapted:
            adapted["type"] = list(_TEXT_TYPES)
    elif kind == "boolean":
        adapted = {
            **{k: v for k, v in adapted.items() if k != "type"},
            "anyOf": [{"type": "boolean"}, dict(_BOOLEAN_TEXT)],
        }
    elif kind == "number":
        # A figure (docs/format.md 2.8): bvduty reads the digits of a quoted number too.
        adapted = {
            **{k: v for k, v in adapted.items() if k != "type"},
            "anyOf": [{"type": "number"}, dict(_NUMBER_TEXT)],
        }
    elif kind == "integer":
        # bvduty reads the digits of a quoted number too, e.g. exempt_paragraph: "3".
        limits = {k: adapted.pop(k) for k in ("minimum", "maximum") if k in adapted}
        adapted = {
            **{k: v for k, v in adapted.items() if k != "type"},
            "anyOf": [{"type": "integer", **limits}, dict(_INTEGER_TEXT)],
        }
    return adapted
