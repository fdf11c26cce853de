"""The one redaction policy: what counts as a credential, what counts as already redacted, and where.

`record` applies it before anything is written, the `secret-in-fixture` rule reports wherever it
would change a recorded exchange, and the mock's log lines and every report pass through it. A
credential is known by its shape (JWT/JWE, `Bearer ...`, `user:pass@`, `access_token=...`) or by
its name (Authorization and cookie headers, `*token*`/`*secret*` headers, `password` and
`client_secret` members, and the members the spec marks `x-qrcontract-secret`, in any case).
"""

from ._policy import REDACTED, Change, Redactor, is_redacted, redact_text, secret_members

__all__ = ["REDACTED", "Change", "Redactor", "is_redacted", "redact_text", "secret_members"]
