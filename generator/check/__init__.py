"""`qrcontract check`: every contract check in one run, from the settings in pyproject.toml."""

from ._run import CheckReport, Step, StepResult, Verdict, run_check
from ._steps import LiveOptions, default_steps, live_steps

__all__ = ["CheckReport", "LiveOptions", "Step", "StepResult", "Verdict", "default_steps", "live_steps", "run_check"]
