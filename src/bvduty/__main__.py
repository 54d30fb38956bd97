"""`python -m bvduty`: the same command line as the `bvduty` script."""

from bvduty.cli import main

main()
