"""The pipeline a library user calls: `rank(criteria, data, …) -> RankRun`, and the results
document built from a run (`document.build`)."""

from parindex.demo import DEMO_DATA, DEMO_HEADS
from parindex.run.pipeline import (
    CriteriaBundle,
    Provenance,
    RankRun,
    ReadOptions,
    SourceFile,
    consequences_of,
    load_criteria,
    pair_sets,
    provenance,
    rank,
    score,
    sha256,
)

__all__ = [
    "DEMO_DATA",
    "DEMO_HEADS",
    "CriteriaBundle",
    "Provenance",
    "RankRun",
    "ReadOptions",
    "SourceFile",
    "consequences_of",
    "load_criteria",
    "pair_sets",
    "provenance",
    "rank",
    "score",
    "sha256",
]
