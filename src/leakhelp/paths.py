"""Where leakhelp keeps its data (``--home`` > ``LEAKHELP_HOME`` > platformdirs),
and how it writes files.

Everything leakhelp stores lives under that one folder. The folder is created
0700 and files in it 0600, so other users of the device cannot read it.

Every file leakhelp writes (report, export, letter, e-mail) goes through
:func:`write_private_file` (``-`` is the standard output, as in most tools): a new 0600 temporary file created exclusively in
the target folder (``O_EXCL``, never through a symbolic link), then renamed
over the target in one step. A link planted at the target name in a shared
folder is replaced, never followed, and a half-written file is never seen.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import BinaryIO

import platformdirs

from .errors import Message, OutputError, StoreError
from .models import Lang

APP_NAME = "leakhelp"
ENV_HOME = "LEAKHELP_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600
#: The store's file name; a folder holding it is a leakhelp home.
STORE_FILENAME = "leakhelp.sqlite3"

#: Plain words for the operating-system errors a person can do something about
#: (message keys; the texts are in nl and en).
_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "os.disk-full",
    errno.EDQUOT: "os.quota",
    errno.ENOENT: "os.no-folder",
    errno.ENOTDIR: "os.not-folder",
    errno.EACCES: "os.no-permission",
    errno.EPERM: "os.no-permission",
    errno.EROFS: "os.read-only",
    errno.EISDIR: "os.is-folder",
    errno.ENAMETOOLONG: "os.name-too-long",
}


def os_problem(exc: OSError) -> Message | str:
    """An operating-system error as a message (to be put in the reader's language),
    or the system's own words when leakhelp has none of its own."""
    key = _OS_REASONS.get(exc.errno or 0)
    return Message(key) if key else (exc.strerror or exc.__class__.__name__)


def os_reason(exc: OSError, lang: Lang = "en") -> str:
    """A short reason for an operating-system error, in plain words."""
    found = os_problem(exc)
    return found.text(lang) if isinstance(found, Message) else found


#: Data the repository keeps at its top level (so people can read and edit
#: them there) and the wheel carries inside the package, copied by the build
#: (pyproject.toml, ``force-include``): repository name -> place in the package.
SHIPPED = {
    "platforms.yaml": "data/platforms.yaml",
    "takedown_templates": "takedown_templates",
}


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder, without creating it."""
    if home is not None and str(home) != "":
        return Path(home).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def shipped(name: str) -> Traversable:
    """A data file or folder shipped with leakhelp (a key of :data:`SHIPPED`).

    Installed from a wheel, it is inside the package; run from a checkout (an
    editable install, tests), the package folder has no copy and the file is
    read where the repository keeps it. No symbolic links: a Windows checkout
    would turn them into text stubs.
    """
    packaged = resources.files("leakhelp").joinpath(*SHIPPED[name].split("/"))
    if packaged.is_file() or packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents, each 0700.

    A folder that already exists is left as it is: leakhelp does not change
    the permissions of a folder it did not make.
    """
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to chmod
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def prepare_home(folder: Path) -> Path:
    """Make sure the leakhelp home exists and only its owner can read it.

    A new folder is created 0700. An existing folder that others can read is
    made 0700 only when it is leakhelp's (empty, or holding the store);
    another folder with other content is refused rather than changed behind
    the person's back. A private folder that cannot be written is fine: the
    store is then opened read-only.
    """
    try:
        if not folder.exists():
            return ensure_private_dir(folder)
        info = folder.stat()
        if not stat.S_ISDIR(info.st_mode):
            raise StoreError("paths.home-is-file", folder=str(folder))
        if info.st_mode & 0o077 == 0:
            return folder
        if any(folder.iterdir()) and not (folder / STORE_FILENAME).exists():
            raise StoreError("paths.home-shared", folder=str(folder), command=_quoted(folder))
        os.chmod(folder, DIR_MODE)
        return folder
    except OSError as exc:
        raise StoreError(
            "paths.home-unusable", folder=str(folder), reason=os_problem(exc)
        ) from None


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))


def write_private_file(path: str | os.PathLike[str], data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` as a 0600 file, replacing it atomically.

    The temporary file is made by :func:`tempfile.mkstemp` in the target
    folder (``O_CREAT|O_EXCL``, ``O_NOFOLLOW``, mode 0600), so it can neither
    be a planted link nor be read by others while it is written;
    :func:`os.replace` then swaps it in, replacing (not following) whatever
    stood at ``path``. Problems raise :class:`OutputError` in plain words.
    """
    target = Path(path)
    # bytes, or pieces written one after the other (a big export is never whole in memory)
    raw: Iterable[bytes] = (
        [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes)
        else data
    )  # fmt: skip
    if str(path) == STDOUT:
        _write_to_stdout(raw)
        return
    if target.is_dir():
        raise OutputError("paths.cannot-write", path=str(target), reason=Message("os.is-folder"))
    if _write_to_stream(target, raw):
        return
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputError("paths.cannot-write", path=str(target), reason=os_problem(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in raw:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError("paths.cannot-write", path=str(target), reason=os_problem(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: The name that means "the standard output" wherever a file is written (``-o -``).
STDOUT = "-"


def _write_to_stdout(raw: Iterable[bytes]) -> None:
    sys.stdout.flush()
    for piece in raw:
        sys.stdout.buffer.write(piece)
    sys.stdout.buffer.flush()


def _write_to_stream(target: Path, raw: Iterable[bytes]) -> bool:
    """Write straight into a pipe, /dev/null or this process's own output
    (``-o /dev/stdout``, also when that is redirected to a file).

    Replacing those would swap a regular file in for ``/dev/stdout`` or
    ``/dev/null`` (when allowed to, as root). Returns False for a path that is
    not there or is some other regular file (written the atomic way); any
    other device is refused before it is opened (opening some has effects).
    """
    try:
        info = target.stat()
    except OSError:
        return False
    own = _is_own_output(info)
    if stat.S_ISREG(info.st_mode) and not own:
        return False
    if not (own or stat.S_ISFIFO(info.st_mode)):
        raise OutputError("paths.cannot-write", path=str(target), reason=Message("os.device"))
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0)
    try:
        # O_NONBLOCK: a named pipe nobody reads is an error, not a wait forever.
        fd = os.open(target, flags | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = Message("os.no-reader") if exc.errno == errno.ENXIO else os_problem(exc)
        raise OutputError("paths.cannot-write", path=str(target), reason=reason) from None
    try:
        if getattr(os, "O_NONBLOCK", 0):  # POSIX: the write itself may wait for the reader
            os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=False) as fh:
            for piece in raw:
                fh.write(piece)
    except OSError as exc:
        raise OutputError("paths.cannot-write", path=str(target), reason=os_problem(exc)) from None
    finally:
        os.close(fd)
    return True


def _is_own_output(info: os.stat_result) -> bool:
    """/dev/null, or what this process's standard output or error already is."""
    known: list[os.stat_result] = []
    with contextlib.suppress(OSError):
        known.append(os.stat(os.devnull))
    for fd in (1, 2):
        with contextlib.suppress(OSError, ValueError):
            known.append(os.fstat(fd))
    return any(os.path.samestat(info, other) for other in known)


@contextlib.contextmanager
def private_spool() -> Iterator[tuple[Path, BinaryIO]]:
    """A new private temporary file to download into: ``(path, open file)``.

    The file is 0600 in a folder of its own that is 0700 (``mkdtemp``),
    created exclusively (never through a link), and the folder is removed with
    it when the block ends, whatever happens. Used for videos fetched from a web
    address, which are too big to hold in memory; never inside the leakhelp home.
    """
    folder = Path(tempfile.mkdtemp(prefix="leakhelp-"))
    try:
        path = folder / "download"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags, FILE_MODE), "wb") as fh:
            yield path, fh
    finally:
        shutil.rmtree(folder, ignore_errors=True)


#: The global options a printed command repeats so it acts like this run: the data
#: folder given with --home, and the language given with --lang. Set once per run by
#: the command line (:func:`command_options`); empty for the library and the web app.
_RUN_OPTIONS: ContextVar[tuple[str, ...]] = ContextVar("leakhelp_run_options", default=())


def run_options(home: Path | None, lang: str | None) -> tuple[str, ...]:
    """The global options that make a pasted command act on the same data, in the same
    language. A home from $LEAKHELP_HOME needs none: the pasted command runs in the
    same shell, which still has it. The home is made absolute, so a command pasted
    after ``cd`` still finds it."""
    options: list[str] = []
    if home is not None:
        options += ["--home", str(home.expanduser().absolute())]
    if lang is not None:
        options += ["--lang", lang]
    return tuple(options)


@contextmanager
def command_options(options: tuple[str, ...]) -> Iterator[None]:
    """Within the block, every :func:`shell_command` starts with ``options``."""
    token = _RUN_OPTIONS.set(options)
    try:
        yield
    finally:
        _RUN_OPTIONS.reset(token)


def shell_command(*args: object) -> str:
    """A leakhelp command to paste into a terminal: every argument quoted for the shell,
    after the global options of this run (see :func:`command_options`)."""
    words = [*_RUN_OPTIONS.get(), *(str(arg) for arg in args)]
    return " ".join(["leakhelp", *(shlex.quote(word) for word in words)])
