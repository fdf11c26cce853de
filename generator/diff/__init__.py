"""`qrcontract diff`: the changes between two revisions of a spec, in oasdiff's rule ids and levels."""

from ._change import BreakingChange, Level, fail_level_reached
from ._engine import diff_specs
from ._git import load_revision, resolve_revision

__all__ = ["BreakingChange", "Level", "diff_specs", "fail_level_reached", "load_revision", "resolve_revision"]
