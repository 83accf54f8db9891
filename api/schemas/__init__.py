"""Request and response bodies of the API (pydantic), one module per resource; field names follow
SPEC 7. common.py holds what they share: bounds of request integers, query and path parameters,
pages, strict bodies and the error answers. openapi.json, rnnvis_client/models.py (generated, not to be
edited) and web/src/generated come from these classes (`make api-schema`)."""
