"""bvduty: Best Value Duty self-assessment as code."""

__version__ = "0.1.0"
