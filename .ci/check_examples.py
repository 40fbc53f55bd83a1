"""Checks every example in an OpenAPI 3.0 spec against the schema it illustrates.

Media-type examples of request bodies are checked against a request view of the
schemas, in which read-only properties are never required; response examples
are checked against a response view, in which write-only properties are never
required. Schema-level `example` values are checked as responses too. Usage:
check_examples.py SPEC.yaml
"""

import copy
import re
import sys

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def deref(root, node):
    """Follows local `$ref`s until a node that is not a reference is reached."""
    while isinstance(node, dict) and "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def has_flag(root, schema, flag):
    """Tells whether a property schema sets `flag` (readOnly or writeOnly), directly or
    through `allOf`."""
    schema = deref(root, schema)
    return bool(schema.get(flag)) or any(
        has_flag(root, s, flag) for s in schema.get("allOf", [])
    )


def allow_null(node):
    """Rewrites OpenAPI 3.0's `nullable: true` (which JSON Schema draft 4 does not know)
    into `anyOf` the schema and `null`, throughout `node`, in place."""
    if isinstance(node, dict):
        for value in node.values():
            allow_null(value)
        if node.get("nullable") is True:
            inner = {key: value for key, value in node.items() if key != "nullable"}
            node.clear()
            node["anyOf"] = [inner, {"type": "null"}]
    elif isinstance(node, list):
        for value in node:
            allow_null(value)


def ignore_enum_case(node):
    """Rewrites string enums marked `x-case-insensitive` into a pattern that matches any
    listed value in any case, throughout `node`, in place."""
    if isinstance(node, dict):
        for value in node.values():
            ignore_enum_case(value)
        if node.get("x-case-insensitive") is True and "enum" in node:
            values = "|".join(re.escape(str(value)) for value in node.pop("enum"))
            node["pattern"] = f"^(?i:{values})$"
    elif isinstance(node, list):
        for value in node:
            ignore_enum_case(value)


def direction_view(spec, flag):
    """Returns a copy of the spec whose schemas never require properties marked `flag`:
    `readOnly` for the request view, `writeOnly` for the response view, and in which
    `nullable` schemas accept `null` and case-insensitive enums any case."""
    view = copy.deepcopy(spec)

    def walk(node):
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and "required" in node:
                node["required"] = [
                    name for name in node["required"]
                    if name not in props or not has_flag(spec, props[name], flag)
                ]
                if not node["required"]:
                    del node["required"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(view)
    ignore_enum_case(view)
    allow_null(view)
    return view


def pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def validator(doc, ptr):
    registry = Registry().with_resource("urn:spec", Resource(doc, DRAFT4))
    return jsonschema.Draft4Validator(
        {"$ref": "urn:spec" + ptr},
        registry=registry,
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


def media_examples(spec):
    """Yields (is_request, pointer to schema, label, example) for each media-type example."""
    bodies = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if isinstance(op, dict) and "responses" in op:
                bodies.append((True, ("paths", path, method, "requestBody"), op.get("requestBody", {})))
                for code, response in op["responses"].items():
                    bodies.append((False, ("paths", path, method, "responses", code), response))
    components = spec.get("components", {})
    for kind, is_request in (("requestBodies", True), ("responses", False)):
        for name, body in components.get(kind, {}).items():
            bodies.append((is_request, ("components", kind, name), body))
    for is_request, where, body in bodies:
        for media_type, media in body.get("content", {}).items():
            schema = pointer(*where, "content", media_type, "schema")
            label = " ".join(where[1:])
            if "example" in media:
                yield is_request, schema, label, media["example"]
            for name, example in media.get("examples", {}).items():
                yield is_request, schema, f"{label} [{name}]", deref(spec, example)["value"]


def main(path):
    spec = yaml.safe_load(open(path, encoding="utf-8"))
    views = {True: direction_view(spec, "readOnly"), False: direction_view(spec, "writeOnly")}
    checked, failures = 0, []
    cases = list(media_examples(spec))
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        if "example" in schema:
            cases.append((False, pointer("components", "schemas", name), f"schema {name}", schema["example"]))
    for is_request, ptr, label, value in cases:
        checked += 1
        for error in validator(views[is_request], ptr).iter_errors(value):
            failures.append(f"{label}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{checked} examples checked, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
