"""Checks the request and response examples of Sorted's v2 help pages against a spec.

Each help page shows examples as tabs (`# [Get Shipment Request](#tab/...)`), a request
tab holding `METHOD URL` and perhaps a JSON body, and the response tab after it a JSON
body. Requests are matched to an operation by method and path; request bodies are
checked against its request schema, response bodies against its declared responses
(an example passes when one declared JSON response accepts it). Usage:
check_help_examples.py SPEC.yaml HELP_DIR REVIEWED.txt

The pages contradict the reference (ranked above them) in places and have typos, so
REVIEWED.txt lists the problems that remain on purpose, one per line as
`problem | reason`. The check fails on a problem not listed there and on a listed
problem that no longer occurs.
"""

import json
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from check_examples import direction_view, pointer, validator  # noqa: E402

TAB = re.compile(r"^# \[(?P<title>[^\]]+)\]\(#tab/[^)]*\)\s*$", re.M)
REQUEST_LINE = re.compile(r"\b(GET|PUT|POST|DELETE|PATCH)\s+https?://[^/\s]+/pro(/[^\s`?]*)(\?[^\s`]*)?")
PROSE_REQUEST = re.compile(r"`(GET|PUT|POST|DELETE|PATCH)` request to `https?://[^/\s]+/pro(/[^\s`?]*)")
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


def tabs(text):
    """Yields (title, content, start) for each tab of a page."""
    marks = list(TAB.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        content = text[mark.end():end]
        stop = re.search(r"^(\*\*\*|---)\s*$", content, re.M)
        yield mark["title"], content[: stop.start()] if stop else content, mark.start()


def operations(spec):
    """Returns (method, regex, path) for each operation of the spec."""
    ops = []
    for path, item in spec["paths"].items():
        regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "/?$")
        for method in item:
            if method in ("get", "put", "post", "delete", "patch"):
                ops.append((method, regex, path))
    # Literal segments win over templated ones, as routers match them.
    ops.sort(key=lambda op: op[2].count("{"))
    return ops


def find_operation(ops, method, path):
    """The spec's (path, method) for a request line: the same method and path, else the
    path under another method (the page then disagrees with the spec on the method)."""
    for op_method, regex, op_path in ops:
        if op_method == method.lower() and regex.match(path):
            return op_path, op_method
    for op_method, regex, op_path in ops:
        if regex.match(path):
            return op_path, op_method
    return None


def json_bodies(content):
    """Yields each JSON value in the tab's code blocks, leaving out request lines."""
    for block in FENCE.findall(content):
        body = REQUEST_LINE.sub("", block).strip()
        if body.startswith(("{", "[")):
            try:
                yield json.loads(body)
            except json.JSONDecodeError as error:
                yield error


def main(spec_path, help_dir, reviewed_path):
    spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
    views = {True: direction_view(spec, "readOnly"), False: direction_view(spec, "writeOnly")}
    ops = operations(spec)
    checked, problems = 0, []
    for page in sorted(pathlib.Path(help_dir).glob("*.md")):
        current = None
        text = page.read_text(encoding="utf-8")
        for title, content, start in tabs(text):
            where = f"{page.name} [{title}]"
            lowered = title.lower()
            if "request" in lowered:
                # A tab with only a body names its request in the prose before it.
                line = REQUEST_LINE.search(content) or ([None] + list(PROSE_REQUEST.finditer(text[:start])))[-1]
                if not line:
                    continue
                found = find_operation(ops, line[1], line[2])
                if found is None:
                    problems.append(f"{where}: no operation for {line[1]} {line[2]}")
                    current = None
                    continue
                current = found
                op_path = found[0]
                if found[1] != line[1].lower():
                    problems.append(f"{where}: method {line[1]} where the spec has {found[1].upper()} {op_path}")
                for body in json_bodies(content):
                    checked += 1
                    if isinstance(body, json.JSONDecodeError):
                        problems.append(f"{where}: not JSON: {body}")
                        continue
                    op = spec["paths"][op_path][current[1]]
                    content_types = op.get("requestBody", {}).get("content", {})
                    if "application/json" not in content_types:
                        problems.append(f"{where}: {line[1]} {op_path} takes no JSON body")
                        continue
                    ptr = pointer("paths", op_path, current[1], "requestBody", "content", "application/json", "schema")
                    for error in validator(views[True], ptr).iter_errors(body):
                        problems.append(f"{where}: /{'/'.join(map(str, error.absolute_path))}: {error.message[:120]}")
            elif "response" in lowered and current is not None:
                op_path, method = current
                responses = spec["paths"][op_path][method]["responses"]
                for body in json_bodies(content):
                    checked += 1
                    if isinstance(body, json.JSONDecodeError):
                        problems.append(f"{where}: not JSON: {body}")
                        continue
                    candidates = [
                        (status, pointer("paths", op_path, method, "responses", status, "content", "application/json", "schema"))
                        for status, response in responses.items()
                        if "application/json" in response.get("content", {})
                    ]
                    best = None
                    for status, ptr in candidates:
                        errors = list(validator(views[False], ptr).iter_errors(body))
                        if not errors:
                            best = []
                            break
                        if best is None or len(errors) < len(best[1]):
                            best = (status, errors)
                    if best is None:
                        problems.append(f"{where}: {method.upper()} {op_path} declares no JSON response")
                    elif best:
                        status, errors = best
                        for error in errors:
                            problems.append(f"{where}: (nearest {status}) /{'/'.join(map(str, error.absolute_path))}: {error.message[:120]}")
    reviewed = read_reviewed(reviewed_path)
    new = [problem for problem in problems if problem not in reviewed]
    gone = [problem for problem in reviewed if problem not in problems]
    for problem in new:
        print(f"not reviewed: {problem}", file=sys.stderr)
    for problem in gone:
        print(f"reviewed but no longer found: {problem}", file=sys.stderr)
    print(
        f"{checked} help-page examples checked, {len(problems)} problems "
        f"({len(problems) - len(new)} reviewed, {len(new)} not), {len(gone)} stale reviews"
    )
    return 1 if new or gone else 0


def read_reviewed(path):
    """Reads `problem | reason` lines; `#` starts a comment."""
    reviewed = {}
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        problem, separator, reason = line.rpartition(" | ")
        if not separator or not reason.strip():
            raise SystemExit(f"{path}:{number}: expected `problem | reason`")
        reviewed[problem.strip()] = reason.strip()
    return reviewed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
