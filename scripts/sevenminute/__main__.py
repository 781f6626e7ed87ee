"""`python -m sevenminute` runs the command line."""

from .cli import main

main()
