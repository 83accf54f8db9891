"""openapi.json at the repository's root: the API's schema, the one source of the Python client's
models (rnnvis_client/models.py, datamodel-code-generator) and the web client's types and defaults
(web/src/generated/, openapi-typescript). `make api-schema` writes all three; a test checks that
each matches the live server's /openapi.json.

    .venv/bin/python -m api.schema_file [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from api.app import openapi_document

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "openapi.json"


def schema_text() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_FILE
    target.write_text(schema_text())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
