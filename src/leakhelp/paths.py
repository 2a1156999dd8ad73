"""Where leakhelp keeps its data: ``--home`` > ``LEAKHELP_HOME`` > platformdirs.

Everything leakhelp stores lives under that one folder. The folder is created
0700 and files in it 0600, so other users of the device cannot read it.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "leakhelp"
ENV_HOME = "LEAKHELP_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600

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
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def write_private_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` as a 0600 file, replacing it atomically."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
