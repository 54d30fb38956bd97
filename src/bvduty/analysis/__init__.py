"""Analyses of a valid assessment: immutable values that every renderer shares."""
