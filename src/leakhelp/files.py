"""Finding the image files under the paths a user names.

Folders are walked recursively; a symlink loop is walked once; files that are
neither named as images nor start like one are skipped (a folder of photos
often holds .txt, .json or .DS_Store files), while a file the user named
explicitly is always tried, so its error is reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .imaging import looks_like_image


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A path to try, or one that could not be used (``error`` set)."""

    path: str
    error: str | None = None


def find_image_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[FoundFile]:
    """Yield every candidate image under ``paths``, in a stable (sorted) order."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, seen_dirs, seen_files)
        elif path.exists():
            yield FoundFile(os.fspath(path))
        else:
            yield FoundFile(os.fspath(path), error="file not found")


def _walk(
    root: Path, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]
) -> Iterator[FoundFile]:
    try:
        st = root.stat()
    except OSError:
        yield FoundFile(os.fspath(root), error="folder could not be read")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen_dirs:  # a symlink loop, or the same folder named twice
        return
    seen_dirs.add(key)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        yield FoundFile(os.fspath(root), error="folder could not be read")
        return
    for entry in entries:
        child = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(child, seen_dirs, seen_files)
                continue
            if not entry.is_file(follow_symlinks=True):
                continue  # sockets, fifos, broken links
            fst = entry.stat(follow_symlinks=True)
        except OSError:
            continue
        fkey = (fst.st_dev, fst.st_ino)
        if fkey in seen_files or not looks_like_image(child):
            continue
        seen_files.add(fkey)
        yield FoundFile(os.fspath(child))
