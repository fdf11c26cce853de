"""The bounds qrcontract enforces on untrusted input, in one place so the README can list them.

A spec comes from a pull request, a recording from a real service, a response from any server:
none of them may make a command hang or eat unbounded memory. Every limit here ends in a one-line
error (exit 2) or a reported violation, never a crash.
"""

from __future__ import annotations

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_DEPTH",
    "MAX_DIFF_NODES",
    "MAX_DOCUMENT_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_REQUEST_BYTES",
    "MAX_SAMPLE_DEPTH",
    "MAX_SAMPLE_ITEMS",
    "MAX_SAMPLE_LENGTH",
    "MAX_STREAMED_DEPTH",
    "MAX_STREAMED_KEY",
    "MAX_UPSTREAM_BYTES",
    "MAX_YAML_NODES",
    "MIN_UPSTREAM_RATE",
    "NETWORK_TIMEOUT",
    "REQUEST_READ_TIMEOUT",
]

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""A spec, a tokens file, a doc page or a YAML/JSON recording read whole (HAR files are streamed)."""

MAX_YAML_NODES = 2_000_000
"""Nodes of a YAML document once its aliases are expanded (a billion-laughs document is refused)."""

MAX_DEPTH = 900
"""Nesting of a document or a JSON body (libyaml stops at 1,000; deeper JSON is refused, not a crash)."""

MAX_STREAMED_DEPTH = 256
MAX_STREAMED_KEY = 1024
MAX_NUMBER_DIGITS = 4300  # Python's own limit on converting digits to an int; ijson's C streamer crashes past it
"""Nesting and key length in JSON read as a stream (HAR files, JSON recordings' format sniffing, upstream
JSON): the streamer keeps every open level's whole key path, so together they bound its memory (tens of MB)."""

MAX_DIFF_NODES = 2_000_000
"""Schema nodes `diff` compares per pair of specs: shared schemas unchanged in one place are compared once,
but a document whose references fan out exponentially is refused rather than walked for hours."""

MAX_BODY_BYTES = 32 * 1024 * 1024
"""A response body read from a server (`record`, `upstream` downloads, `check --live`)."""

MAX_UPSTREAM_BYTES = 4 * 1024 * 1024 * 1024
"""An upstream document fetched by `upstream` (Microsoft's OpenAPI description is hundreds of megabytes);
it streams to disk and is never read whole."""

MIN_UPSTREAM_RATE = 64 * 1024
"""Bytes per second an upstream download must average once `NETWORK_TIMEOUT` has passed (a server that
trickles a byte at a time is refused, not waited on for days)."""

MAX_REQUEST_BYTES = 8 * 1024 * 1024
"""A request body the mock accepts (413 beyond)."""

REQUEST_READ_TIMEOUT = 10.0
"""Seconds the mock waits for a request body before answering 408."""

NETWORK_TIMEOUT = 30.0
"""Seconds for connecting to and reading from a server, per request; also the bound on a whole answer
for `record` and for every request `fuzz --base-url` and `check --live` send (504 past it)."""

MAX_SAMPLE_ITEMS = 64
MAX_SAMPLE_LENGTH = 4096
MAX_SAMPLE_DEPTH = 12
"""A value the mock builds from a schema: array items, string length, nesting. A schema that cannot be
met within them (`minItems: 200000000`) gets no built value; the mock answers 500 and logs why."""
