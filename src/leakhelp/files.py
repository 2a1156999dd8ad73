"""Finding the image files under the paths a user names.

* Folders are walked recursively in a stable order (sorted by name, depth
  first), following symbolic links; a folder reached twice (a symlink loop,
  or the same folder named twice) is walked once, and a link to the folder
  being walked or to one of its parents (``up -> ..``) is not followed at
  all: naming a folder never walks the folders around it.
* The same file reached twice (named twice, inside a named folder, through a
  link) is yielded once.
* In a folder, files that are neither named as images or videos nor start
  like one are
  skipped silently: a folder of photos often holds .txt, .json or .DS_Store
  files. A file the user named explicitly is always tried, so its error is
  reported.
* Problems that a user should hear about are yielded as errors, not raised:
  a named path that does not exist, a link (named, or named like an image in
  a folder) that points nowhere or to itself, a folder that cannot be read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .i18n import why
from .imaging import looks_like_image
from .videodecode import looks_like_video

#: Why a path cannot be used, as shown in the error line.
MISSING = why("missing")
DANGLING_LINK = why("dangling-link")
LINK_LOOP = why("link-loop")
UNREADABLE_FOLDER = why("unreadable-folder")


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
        try:
            st = path.stat()
        except OSError:
            yield FoundFile(os.fspath(path), error=_why_missing(path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, seen_dirs, seen_files, (st.st_dev, st.st_ino), ())
            continue
        key = (st.st_dev, st.st_ino)
        if key not in seen_files:
            seen_files.add(key)
            yield FoundFile(os.fspath(path))


def _why_missing(path: Path) -> str:
    """The reason a path cannot be stat()ed: missing, a dangling link or a loop."""
    if not path.is_symlink():
        return MISSING
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return LINK_LOOP
    except OSError as exc:
        return LINK_LOOP if exc.errno == errno.ELOOP else DANGLING_LINK
    return DANGLING_LINK


def _ancestors(path: Path) -> tuple[tuple[int, int], ...]:
    """The (device, inode) of the real folders above ``path``, up to the root."""
    keys: list[tuple[int, int]] = []
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return ()
    for parent in real.parents:
        try:
            st = parent.stat()
        except OSError:
            continue
        keys.append((st.st_dev, st.st_ino))
    return tuple(keys)


def _walk(
    root: Path,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    key: tuple[int, int],
    above: tuple[tuple[int, int], ...],
) -> Iterator[FoundFile]:
    """Walk ``root`` (whose device and inode are ``key``); ``above`` holds the
    folders it lies in, by their real place, so a link back up is not followed."""
    if key in seen_dirs:  # a symlink loop, or the same folder named twice
        return
    seen_dirs.add(key)
    # The folders around the named one (its real parents) are never walked:
    # a link to ".." inside it would otherwise walk its brothers and sisters.
    above = above or _ancestors(root)
    inside = (*above, key)
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        yield FoundFile(os.fspath(root), error=UNREADABLE_FOLDER)
        return
    for entry in entries:
        child = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=True):
                dst = entry.stat(follow_symlinks=True)
                child_key = (dst.st_dev, dst.st_ino)
                if child_key in inside:  # a link to this folder or one around it
                    continue
                yield from _walk(child, seen_dirs, seen_files, child_key, inside)
                continue
            is_file = entry.is_file(follow_symlinks=True)
            fst = entry.stat(follow_symlinks=True) if is_file else None
        except OSError:
            is_file, fst = False, None
        if not is_file or fst is None:
            # A link that points nowhere (or to itself) is worth a line when
            # it is named like an image: the user expects that photo to be
            # hashed. Sockets, pipes and other dangling links are skipped.
            if entry.is_symlink() and _looks_like_media(child):
                yield FoundFile(os.fspath(child), error=_why_missing(child))
            continue
        fkey = (fst.st_dev, fst.st_ino)
        if fkey in seen_files or not _looks_like_media(child):
            continue
        seen_files.add(fkey)
        yield FoundFile(os.fspath(child))


def _looks_like_media(path: Path) -> bool:
    """A photo or a video, by its name or its first bytes."""
    return looks_like_image(path) or looks_like_video(path)
