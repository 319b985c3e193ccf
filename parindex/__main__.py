"""`python -m parindex` runs the command line."""

from parindex.cli import main

main()
