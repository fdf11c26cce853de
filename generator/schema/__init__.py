"""The schema layer: OpenAPI schemas compiled into validators, read as normalised views, and sampled.

`SchemaIndex` compiles validators once per spec (jsonschema-rs); `Views` reads a schema as its
meaning (references resolved, combinators flattened, every nullable spelling unified) for the
differ, the docs checker and the upstream check; `sample` builds a bounded value for the mock.
"""

from ._compiled import FORMATS, SchemaIndex, Shape, cast_text, errors_of, to_json_schema
from ._samples import SampleError, sample, sample_for_pattern
from ._view import CONSTRAINTS, SUBSCHEMA_KEYWORDS, SchemaView, Views, merged, view

__all__ = [
    "CONSTRAINTS",
    "FORMATS",
    "SUBSCHEMA_KEYWORDS",
    "SampleError",
    "SchemaIndex",
    "SchemaView",
    "Shape",
    "Views",
    "cast_text",
    "errors_of",
    "merged",
    "sample",
    "sample_for_pattern",
    "to_json_schema",
    "view",
]
