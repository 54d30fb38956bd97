"""Documents written once, as trees of plain values that every output format walks."""
