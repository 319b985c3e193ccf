"""parindex: a rules-driven scoring engine for the PAR (CCHC) index.

Kept import-light on purpose: the CLI imports this package on every start.
"""

__version__ = "0.1.0"
