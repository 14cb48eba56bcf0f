"""OpenAPI documents in the contract tests: loading, references, and what a change breaks.

`incompatibilities(baseline, candidate)` lists what a client written against `baseline` would
find broken in `candidate`. It serves two checks: our contract against the official RealWorld
spec (test_realworld.py), and our contract against an earlier one of ours, the breaking-change
guard (test_breaking_changes.py).

A client breaks when an operation, its operationId (the SDKs' method name), a documented status
or a parameter disappears; when a response field it reads disappears, stops being always
present, or can hold a type it did not expect (a new `null`); when a request it sends is no
longer accepted (a field dropped, a type narrowed, a field or parameter newly required); or when
an operation that needed no token starts to require one.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

type Json = dict[str, Any]
type Direction = Literal["request", "response"]


@dataclass(frozen=True)
class Spec:
    raw: Json

    @classmethod
    def load(cls, path: Path) -> "Spec":
        return cls.parse(path.read_text())

    @classmethod
    def parse(cls, text: str) -> "Spec":
        return cls(yaml.safe_load(text) if text.lstrip()[:1] != "{" else json.loads(text))

    @property
    def version(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.raw["info"]["version"].split("."))

    def resolve(self, node: Json) -> Json:
        """The node a (chain of) local `$ref` points to."""
        seen = set()
        while "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), f"unsupported $ref {ref}"
            assert ref not in seen, f"cyclic $ref {ref}"
            seen.add(ref)
            node = self.raw
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operations(self) -> Iterator[tuple[str, str, Json]]:
        for path, item in self.raw["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method, item[method]

    def operation(self, path: str, method: str) -> Json | None:
        operation: Json | None = self.raw["paths"].get(path, {}).get(method)
        return operation

    def responses(self, operation: Json) -> dict[str, Json]:
        return {str(status): self.resolve(r) for status, r in operation["responses"].items()}

    def parameters(self, operation: Json) -> dict[tuple[str, str], Json]:
        found = (self.resolve(p) for p in operation.get("parameters", []))
        return {(p["in"], p["name"]): p for p in found}

    def json_schema(self, holder: Json | None) -> Json | None:
        """The JSON body schema of a request body or response, if it has one."""
        if holder is None:
            return None
        media = self.resolve(holder).get("content", {}).get("application/json")
        return None if media is None else self.resolve(media["schema"])

    def types(self, schema: Json) -> set[str]:
        schema = self.resolve(schema)
        kind = schema.get("type")
        if isinstance(kind, str):
            return {kind}
        if isinstance(kind, list):
            return set(kind)
        variants = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf") or []
        if variants:
            return set().union(*(self.types(variant) for variant in variants))
        return {"object"} if "properties" in schema else set()

    def properties(self, schema: Json) -> dict[str, Json]:
        props: dict[str, Json] = self.resolve(schema).get("properties", {})
        return props

    def required(self, schema: Json) -> set[str]:
        return set(self.resolve(schema).get("required", []))

    @staticmethod
    def requires_token(operation: Json) -> bool:
        security = operation.get("security") or []
        return bool(security) and {} not in security


def incompatibilities(
    baseline: Spec,
    candidate: Spec,
    *,
    path_prefix: str = "",
    every_response_field: bool = True,
) -> list[str]:
    """What breaks for a client of `baseline` served by `candidate` (see the module docstring).

    `path_prefix` maps the baseline's paths onto the candidate's (the RealWorld spec puts `/api`
    in its server URL, we put it in the paths). With `every_response_field=False` only the
    response fields the baseline marks required are checked (the official spec lists some
    fields it does not promise).
    """
    problems: list[str] = []
    for path, method, old in baseline.operations():
        where = f"{method.upper()} {path_prefix}{path}"
        new = candidate.operation(path_prefix + path, method)
        if new is None:
            problems.append(f"{where}: operation removed")
            continue
        if old.get("operationId") and new.get("operationId") != old["operationId"]:
            problems.append(
                f"{where}: operationId {old['operationId']} became {new.get('operationId')}"
            )
        if not baseline.requires_token(old) and candidate.requires_token(new):
            problems.append(f"{where}: now requires a token")
        old_params, new_params = baseline.parameters(old), candidate.parameters(new)
        for key, param in old_params.items():
            if key not in new_params:
                problems.append(f"{where}: {key[0]} parameter {key[1]!r} removed")
                continue
            # A parameter travels as text: it is absent, never null.
            old_types = baseline.types(param["schema"]) - {"null"}
            new_types = candidate.types(new_params[key]["schema"]) - {"null"}
            if not _within(old_types, new_types):
                problems.append(
                    f"{where} {key[0]} parameter {key[1]!r}: "
                    f"type {sorted(old_types)} became {sorted(new_types)}"
                )
        for key, param in new_params.items():
            if key not in old_params and param.get("required"):
                problems.append(f"{where}: new required {key[0]} parameter {key[1]!r}")
        old_body = baseline.json_schema(old.get("requestBody"))
        new_body = candidate.json_schema(new.get("requestBody"))
        if old_body is not None:
            if new_body is None:
                problems.append(f"{where}: request body no longer accepted")
            else:
                problems += _schemas(
                    baseline, old_body, candidate, new_body, f"{where} request", "request",
                    every_field=True,
                )  # fmt: skip
        new_responses = candidate.responses(new)
        for status, response in baseline.responses(old).items():
            if status not in new_responses:
                problems.append(f"{where}: {status} response no longer documented")
                continue
            old_schema = baseline.json_schema(response)
            new_schema = candidate.json_schema(new_responses[status])
            if old_schema is None:
                continue
            if new_schema is None:
                problems.append(f"{where}: {status} response lost its JSON body")
                continue
            problems += _schemas(
                baseline, old_schema, candidate, new_schema, f"{where} {status}", "response",
                every_field=every_response_field,
            )  # fmt: skip
    return problems


def _within(types: set[str], allowed: set[str]) -> bool:
    return all(kind in allowed or (kind == "integer" and "number" in allowed) for kind in types)


def _schemas(
    old_spec: Spec,
    old: Json,
    new_spec: Spec,
    new: Json,
    where: str,
    direction: Direction,
    *,
    every_field: bool,
) -> list[str]:
    old, new = old_spec.resolve(old), new_spec.resolve(new)
    old_types, new_types = old_spec.types(old), new_spec.types(new)
    problems = []
    # A response may only send what clients expect; a request must accept what they send.
    narrower, wider = (new_types, old_types) if direction == "response" else (old_types, new_types)
    if old_types and new_types and not _within(narrower, wider):
        problems.append(f"{where}: type {sorted(old_types)} became {sorted(new_types)}")
    if old.get("format") and new.get("format") != old["format"]:
        problems.append(f"{where}: format {old['format']} became {new.get('format')}")
    if "object" in old_types:
        old_props, new_props = old_spec.properties(old), new_spec.properties(new)
        old_required, new_required = old_spec.required(old), new_spec.required(new)
        for name, prop in old_props.items():
            field = f"{where}.{name}"
            if direction == "response" and not every_field and name not in old_required:
                continue
            if name not in new_props:
                problems.append(
                    f"{field}: {'field removed' if direction == 'response' else 'no longer accepted'}"
                )
                continue
            if direction == "response" and name in old_required and name not in new_required:
                problems.append(f"{field}: no longer always present")
            problems += _schemas(
                old_spec, prop, new_spec, new_props[name], field, direction, every_field=every_field
            )
        if direction == "request":
            problems += [
                f"{where}.{name}: newly required" for name in sorted(new_required - old_required)
            ]
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, dict):
            if not isinstance(new_extra, dict):
                problems.append(f"{where}: free-form keys removed")
            else:
                problems += _schemas(
                    old_spec,
                    old_extra,
                    new_spec,
                    new_extra,
                    f"{where}.*",
                    direction,
                    every_field=every_field,
                )
    if "array" in old_types and "items" in old and "items" in new:
        problems += _schemas(
            old_spec,
            old["items"],
            new_spec,
            new["items"],
            f"{where}[]",
            direction,
            every_field=every_field,
        )
    return problems
