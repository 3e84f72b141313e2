"""Atomic outputs: write to a temporary path beside the target and rename, so an interrupted run loses nothing.

Temporary names are ``.framing-tmp-<target>.<pid>.<random>``: on Ctrl-C or an error they are removed at once;
after a hard kill (SIGKILL, power loss) they stay behind, hidden, and the next write to the same target removes
those whose process is gone. A folder swap that was cut between its two renames is finished by the next write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TMP_PREFIX = ".framing-tmp-"


def _prefix(path: Path) -> str:
    return f"{TMP_PREFIX}{path.name}.{os.getpid()}."


def _old(path: Path) -> Path:
    return path.with_name(f"{TMP_PREFIX}{path.name}.old")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def clean_stale(path: Path) -> list[Path]:
    """Remove temporaries of ``path`` left by processes that no longer run, and finish a cut folder swap (the
    previous version moved aside, the new one not yet in place: the previous one is put back). Returns what was
    removed."""
    removed: list[Path] = []
    parent = path.parent
    if not parent.is_dir():
        return removed
    old = _old(path)
    if old.exists() and not path.exists():
        os.replace(old, path)
    stem = f"{TMP_PREFIX}{path.name}."
    for tmp in parent.glob(f"{stem}*"):
        pid_text = tmp.name[len(stem):].split(".", 1)[0]
        if tmp == old:
            stale = True  # only ever exists during a swap of this target
        elif pid_text.isdigit():
            stale = not _alive(int(pid_text))
        else:
            continue  # not one of ours (an older naming): leave it
        if stale:
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_path(path: str | Path) -> None:
    """fsync a file or folder by path (best effort: not every filesystem allows it on folders)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    _fsync_path(folder)


@contextmanager
def atomic_file(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path)
    fd, tmp = tempfile.mkstemp(prefix=_prefix(path), dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # like a normally created file, not mkstemp's private 0600
        with open(tmp, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fsync_tree(folder: Path) -> None:
    """Flush every file written into ``folder`` to disk before it is renamed into place."""
    for root, _, files in os.walk(folder):
        for name in files:
            _fsync_path(os.path.join(root, name))
        _fsync_dir(Path(root))


@contextmanager
def replace_dir(path: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it takes the place of ``path``, else it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path)
    tmp = Path(tempfile.mkdtemp(prefix=_prefix(path), dir=path.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # like a normally created folder, not mkdtemp's private 0700
        yield tmp
        _fsync_tree(tmp)
        old = None
        if path.exists():
            old = _old(path)
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
