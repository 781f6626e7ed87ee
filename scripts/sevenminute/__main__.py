"""`python -m sevenminute` runs the command line."""

from sevenminute.cli.main import main

main()
