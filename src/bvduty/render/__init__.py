"""Pure renderers: one module per output format, each turning a core value into text."""
