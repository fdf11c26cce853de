"""`qrcontract check`: every contract check in one run, from the settings in pyproject.toml."""

from ._run import CheckReport, Step, StepResult, Verdict, run_check
from ._steps import default_steps

__all__ = ["CheckReport", "Step", "StepResult", "Verdict", "default_steps", "run_check"]
