"""The `parindex` command: each sub-command loads, calls the library, renders, and exits.

Only click and the message catalog (gettext) are imported at start-up; pydantic, numpy and the
rest are imported inside the commands that need them, so `parindex --help` stays fast. The
commands live in `parindex/commands/`, one module per family; help, usage errors and messages
are in the run's language (`parindex/commands/lang.py`).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from parindex import __version__
from parindex.commands import criteria, forms, officials, ranking, records, revision
from parindex.commands.lang import Group, help_lang
from parindex.errors import EXIT_BUG, ParindexError
from parindex.i18n import N_, _


class _Guarded(Group):
    """Turns an exception no command expected into exit 3, an apology and a crash file."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except ParindexError as exc:  # a problem with the user's files found late: exit 1
            from parindex.commands.common import fail

            fail(exc.diagnostics, help_lang())
        except KeyboardInterrupt:
            click.echo(_("interrupted; nothing more was written", help_lang()), err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            from parindex.crash import apology, write_report

            click.echo(apology(exc, write_report(exc), help_lang()), err=True)
            sys.exit(EXIT_BUG)


def _version(ctx: click.Context, value: bool) -> None:
    """click's version option, its sentence said in the run's language when shown."""
    if value and not ctx.resilient_parsing:
        said = _("%(prog)s, version %(version)s", help_lang())
        click.echo(said % {"prog": "parindex", "version": __version__})
        ctx.exit()


@click.group(
    cls=_Guarded,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "parindex: rank agencies on the public-administration-reform (CCHC) index.\n\n"
        "`parindex rank` ranks the bundled demo province on the bundled criteria; `parindex "
        "init DIR` copies both to edit. Criteria sets are YAML files that Home Affairs staff "
        "edit each year; `parindex validate` checks them like a compiler checks code.\n\n"
        "Help and messages are in Vietnamese, or in English with --lang en or PARINDEX_LANG=en."
    ),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _version(ctx, value),
    help=N_("Show the version and exit."),
)
@click.option("--debug", is_flag=True, help=N_("Show the full traceback if parindex itself fails."))
def main(debug: bool) -> None:
    """The `parindex` group; its help is the `help=` above, marked for the catalog."""


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
    forms.template,
    forms.collect,
    records.records,
    officials.officials,
):
    main.add_command(_command)
