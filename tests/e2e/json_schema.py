#!/usr/bin/env python3
"""Every report JSON of a built site validates against the site's own JSON Schema.

    python3 json_schema.py OUT_DIR

The schema (data/report.schema.json) is generated from the template; this checks, with an
independent validator (the `jsonschema` package), that the data we publish is what we document.
"""
import json
import pathlib
import sys

import jsonschema

out = pathlib.Path(sys.argv[1])
schema = json.loads((out / "data" / "report.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
reports = sorted(p for p in out.glob("[0-9]*/*/*.json"))
failed = 0
for path in reports:
    errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    for e in errors[:3]:
        print(f"{path.relative_to(out)}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed += bool(errors)
if not reports:
    print("no report JSON found")
    sys.exit(1)
print(f"json-schema: {len(reports) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
