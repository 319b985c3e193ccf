"""The files of one run replace the previous run's as a set, or not at all.

Each file is first written complete to a temporary beside its target. Then a journal naming
every (temporary → target) pair is written, itself atomically, and only then are the
temporaries renamed over their targets. A run killed during the renames (kill -9, power loss)
leaves the journal behind: the next write into that folder finishes the renames first, and
readers of a results.json refuse a folder whose journal is still there. Temporaries of a run
killed before its journal was written are removed by the next write.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from parindex.errors import ParindexError, file_error, t

JOURNAL = ".parindex-swap.json"
_PREFIX = ".parindex-"  # every temporary starts so, to be recognised and cleaned


def write_files(contents: dict[Path, bytes]) -> None:
    """Write every file or none. Raises ParindexError (PO001) when the place cannot be written:
    a folder that is a file, no permission, a full disk."""
    with staged() as stage:
        for target, data in contents.items():
            with stage.open(target) as fh:
                fh.write(data)


@contextlib.contextmanager
def staged() -> Iterator[Stage]:
    """Files written into temporaries beside their targets (`Stage.open`), then put in place
    together when the block ends, as `write_files` does; none of them if it fails. ParindexError
    (PO001) when the place cannot be written."""
    stage = Stage()
    try:
        yield stage
        stage.journal()
    except OSError as exc:
        stage.discard()
        where = str(exc.filename) if exc.filename else str(stage.first or "")
        raise _place_error(where, exc) from None
    except BaseException:
        stage.discard()
        raise
    stage.replace()  # from here the run is decided: the renames only finish it


class Stage:
    """The temporaries of one set of files, and the journals that name them."""

    def __init__(self) -> None:
        self.pairs: list[tuple[Path, Path]] = []  # (temporary, target)
        self.folders: list[Path] = []
        self.journals: list[Path] = []
        self.first: Path | None = None

    @contextlib.contextmanager
    def open(self, target: Path) -> Iterator[BinaryIO]:
        """A new file to write `target`'s bytes into, synced to disk when closed."""
        folder = target.parent
        self.first = self.first or folder
        if folder not in self.folders:
            _make_folder(folder)
            recover(folder)
            self.folders.append(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{_PREFIX}{target.name}.", suffix=".tmp")
        self.pairs.append((Path(tmp), target))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())

    def journal(self) -> None:
        for folder in self.folders:
            pairs = [(tmp, t) for tmp, t in self.pairs if t.parent == folder]
            self.journals.append(_write_journal(folder, pairs))

    def replace(self) -> None:
        for tmp, target in self.pairs:
            os.replace(tmp, target)
        for j in self.journals:
            _unlink(j)

    def discard(self) -> None:
        for tmp, _ in self.pairs:
            _unlink(tmp)
        for j in self.journals:
            _unlink(j)


def recover(folder: Path) -> None:
    """Finish the renames of a run that was killed half way; remove stale temporaries."""
    journal = folder / JOURNAL
    if journal.exists():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pairs = []  # a journal is renamed into place whole, so this is not ours: drop it
        for tmp_name, target_name in pairs if isinstance(pairs, list) else []:
            tmp = folder / str(tmp_name)
            if Path(str(tmp_name)).name == str(tmp_name) and tmp.exists():
                os.replace(tmp, folder / Path(str(target_name)).name)
        _unlink(journal)
    for stale in folder.glob(f"{_PREFIX}*.tmp"):
        _unlink(stale)


def interrupted(folder: Path) -> bool:
    """Whether a run into this folder was killed while replacing its files."""
    return (folder / JOURNAL).exists()


def _write_journal(folder: Path, pairs: list[tuple[Path, Path]]) -> Path:
    text = json.dumps([[tmp.name, target.name] for tmp, target in pairs])
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{_PREFIX}journal.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / JOURNAL)
    return folder / JOURNAL


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            raise NotADirectoryError(20, "not a folder", str(parent))
    folder.mkdir(parents=True, exist_ok=True)


def _place_error(where: str, exc: OSError) -> ParindexError:
    import errno

    known = {
        errno.ENOSPC: t("the disk is full"),
        errno.EDQUOT: t("the disk quota is used up"),
        errno.EACCES: t("no permission to write here"),
        errno.EPERM: t("no permission to write here"),
        errno.EROFS: t("the file system is read-only"),
        errno.ENOTDIR: t("a file stands where a folder is needed"),
        errno.EEXIST: t("a file stands where a folder is needed"),
    }
    # any other failure is named by the system, in its own words
    reason = known.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return file_error(
        where,
        "PO001",
        t("cannot write the output files: {reason}; nothing was replaced", reason=reason),
        hint=t("choose another folder with --out, or free space / fix permissions and run again"),
    )


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
