"""The command line in the run's language: help, usage lines, usage errors, click's own words.

The language is the `--lang` on the command line, else PARINDEX_LANG, else Vietnamese. It is
read from the arguments before click parses them, because `--help` is eager: it prints before
`--lang` is processed. Our help texts are written in English, marked `N_()` for the catalog and
translated when click formats them (the classes below). Click marks its own words ("Usage:",
"Missing argument" …) with the standard `gettext.gettext`, which reads the process's global
domain and the LANGUAGE variable: while click parses and reports, both name our catalog and the
run's language; they are put back before a command's own code runs, so no child process
(LibreOffice, Chromium, Java) inherits them.

A new command is declared with `command(help=N_("…"))` (or its group's `.command`), its
arguments with `argument(…)`, paths as `PathType(…)` and numbers as `INT`, `FLOAT`, `IntRange`,
`FloatRange`, every option's help as `N_("…")`, and `LangOpt`; tests/test_cli_lang.py checks each
command is built so and that its help shows no word of the other language.
"""

from __future__ import annotations

import contextlib
import copy
import gettext
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import click

from parindex.i18n import DOMAIN, LANGS, LOCALE_DIR, N_, _

# the run being parsed, innermost last: its language, and the global gettext domain and
# LANGUAGE before it
_spoken: list[tuple[str, str, str | None]] = []


def argv_lang(args: Sequence[str]) -> str:
    """The language a command line asks for: its last `--lang`, else PARINDEX_LANG, else vi."""
    found: str | None = None
    words = iter(args)
    for word in words:
        if word == "--":
            break
        if word == "--lang":
            found = next(words, None)
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    if found in LANGS:
        return str(found)
    env = os.environ.get("PARINDEX_LANG", "vi")
    return env if env in LANGS else "vi"


def help_lang() -> str:
    """The language help and usage errors are shown in."""
    if _spoken:
        return _spoken[-1][0]
    from parindex.commands.common import current_lang

    return current_lang()


def _set(domain: str, language: str | None) -> None:
    gettext.textdomain(domain)
    if language is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = language


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Parse the command line and report its errors in `lang`."""
    before = (gettext.textdomain(), os.environ.get("LANGUAGE"))
    _spoken.append((lang, *before))
    if lang != "en":
        gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        _set(DOMAIN, lang)
    try:
        yield
    finally:
        _spoken.pop()
        _set(*before)


@contextlib.contextmanager
def as_before() -> Iterator[None]:
    """The process's gettext set-up as it was before the run, while a command's code runs."""
    if not _spoken:
        yield
        return
    now = (gettext.textdomain(), os.environ.get("LANGUAGE"))
    _set(*_spoken[-1][1:])
    try:
        yield
    finally:
        _set(*now)


_WORD = re.compile(r"[A-Z][A-Z_]+(?: [A-Z][A-Z_]+)*")


def words(text: str, lang: str) -> str:
    """A metavar (PATHS..., [OPTIONS], newest|FILE) with its words in `lang`; values to type,
    lower case, stay as they are."""
    return _WORD.sub(lambda m: _(m.group(), lang), text)


# The words of our metavars: arguments' names and click's type names, as click shows them.
_METAVARS = (
    N_("OPTIONS"), N_("COMMAND"), N_("ARGS"), N_("PATHS"), N_("DIRECTORY"), N_("UNIT"),
    N_("OLD"), N_("NEW"), N_("RESULTS"), N_("DOSSIERS"), N_("OUT"), N_("PATH"), N_("FILE"),
    N_("TEXT"), N_("INTEGER"), N_("FLOAT"), N_("INTEGER RANGE"), N_("FLOAT RANGE"),
)  # fmt: skip


def _localized(param: click.Parameter, ctx: click.Context, lang: str) -> click.Parameter:
    """A copy of `param` whose help and metavar are in `lang`, for the help page."""
    shown = copy.copy(param)
    if shown.help:
        shown.help = _(shown.help, lang)
    if isinstance(param, click.Option) and not param.is_flag and not param.count:
        shown.metavar = words(param.make_metavar(ctx), lang)
    return shown


class _Speaking(click.Command):
    """What our command and group classes share: help in the run's language, and a run that
    parses in it when the command is the one started."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kw: Any) -> Any:
        lang = argv_lang(sys.argv[1:] if args is None else args)
        with speaking(lang):
            return super().main(args, *rest, **kw)

    def _translated(self) -> click.Command:
        lang = help_lang()
        shown = copy.copy(self)
        shown.help = _(self.help, lang) if self.help else self.help
        shown.short_help = _(self.short_help, lang) if self.short_help else self.short_help
        shown.epilog = _(self.epilog, lang) if self.epilog else self.epilog
        return shown

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_help_text(self._translated(), ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_epilog(self._translated(), ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return click.Command.get_short_help_str(self._translated(), limit)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        lang = help_lang()
        return [words(piece, lang) for piece in super().collect_usage_pieces(ctx)]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from gettext import gettext  # click's own word "Options", from the global domain

        lang = help_lang()
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            shown = _localized(param, ctx, lang)
            if param is self.get_help_option(ctx):  # made once, in the first run's language
                shown.help = _("Show this message and exit.", lang)
            row = shown.get_help_record(ctx)
            if row is not None:
                rows.append(row)
        if rows:
            with formatter.section(gettext("Options")):
                formatter.write_dl(rows)


class Command(_Speaking):
    """A parindex command: help in the run's language; its own code runs with the process's
    gettext set-up as it was (see the module's note)."""

    def invoke(self, ctx: click.Context) -> Any:
        with as_before():
            return super().invoke(ctx)


class Group(_Speaking, click.Group):
    """A parindex group of commands (`parindex`, `parindex records`)."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Speaking.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


class Argument(click.Argument):
    """An argument whose metavar (in usage lines and "Missing argument 'PATHS...'") is in the
    run's language."""

    def make_metavar(self, ctx: click.Context) -> str:
        return words(super().make_metavar(ctx), help_lang())


def command(**attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """`click.command` making a parindex Command."""
    return click.command(cls=Command, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`click.argument` making an Argument whose metavar is translated."""
    return click.argument(*decls, cls=Argument, **attrs)


class _Noun(str):
    def title(self) -> str:  # click capitalizes a type's name to start its sentence
        return self[:1].upper() + self[1:]


class PathType(click.Path):
    """`click.Path` whose name ("file", "directory", in "File 'x' does not exist.") is said in
    the run's language: click names it once, when the command is declared."""

    @property
    def name(self) -> str:
        from gettext import gettext

        return _Noun(gettext(self._name))

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        # an option's metavar from the English name (FILE), which `words` translates; an
        # argument's is its own name (PATHS)
        return None if isinstance(param, click.Argument) else self._name.upper()


class _Named:
    """A click number type whose name ("integer" in "'x' is not a valid integer.") is said in
    the run's language; its metavar stays the English word, which `words` translates."""

    english = ""

    @property
    def name(self) -> str:
        return _(self.english, help_lang())

    @name.setter
    def name(self, value: str) -> None:
        self.english = value

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return None if isinstance(param, click.Argument) else self.english.upper()


_NUMBERS = (N_("integer"), N_("integer range"), N_("float"), N_("float range"))


class _Int(_Named, click.types.IntParamType):
    english = "integer"


class _Float(_Named, click.types.FloatParamType):
    english = "float"


class IntRange(_Named, click.IntRange):
    """`click.IntRange`, named in the run's language."""

    english = "integer range"


class FloatRange(_Named, click.FloatRange):
    """`click.FloatRange`, named in the run's language."""

    english = "float range"


INT = _Int()  # `type=INT` for `type=int`
FLOAT = _Float()  # `type=FLOAT` for `type=float`
