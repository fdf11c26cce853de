"""`qrcontract serve`: an embedded mock of the API, built from the spec, that answers as the spec says."""

from ._app import MockApp, build_app, serve
from ._auth import Credentials, Verdict, authorize
from ._server import MockConfig, MockServer
from ._tokens import Token, load_tokens, parse_throttle, parse_token

__all__ = [
    "Credentials",
    "MockApp",
    "MockConfig",
    "MockServer",
    "Token",
    "Verdict",
    "authorize",
    "build_app",
    "load_tokens",
    "parse_throttle",
    "parse_token",
    "serve",
]
