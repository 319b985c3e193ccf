"""The `parindex` command: each sub-command loads, calls the library, renders, and exits.

Only click is imported at start-up; pydantic, numpy and the rest are imported inside the
commands that need them, so `parindex --help` stays fast. The commands live in
`parindex/commands/`, one module per family.
"""

from __future__ import annotations

import click

from parindex import __version__
from parindex.commands import criteria, officials, ranking, records, revision


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parindex")
def main() -> None:
    """parindex: rank agencies on the public-administration-reform (CCHC) index.

    `parindex rank` ranks the bundled demo province on the bundled criteria; `parindex init
    DIR` copies both to edit. Criteria sets are YAML files that Home Affairs staff edit each
    year; `parindex validate` checks them like a compiler checks code.
    """


for _command in (
    criteria.validate,
    criteria.lint,
    criteria.schema,
    criteria.init,
    criteria.check,
    ranking.rank,
    ranking.explain,
    ranking.heads,
    ranking.awards,
    ranking.report,
    revision.diff,
    revision.impact,
    revision.compare,
    revision.robustness,
    records.records,
    officials.officials,
):
    main.add_command(_command)
