"""The results document: the typed shape results.json holds and every report renders.

One description (TypedDicts) serves three purposes: mypy checks the code that builds the
document, pydantic validates a results.json read back (`io.read_results`), and the same
description is published as a JSON Schema (`parindex schema --results`).
"""
