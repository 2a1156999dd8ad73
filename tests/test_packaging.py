"""The wheel carries the top-level data without symbolic links, found the same way everywhere."""

from __future__ import annotations

import tomllib

from leakhelp.paths import SHIPPED, shipped

from conftest import ROOT


def test_no_symbolic_links_in_the_package():
    # A Windows checkout turns symbolic links into small text files.
    links = [p for p in (ROOT / "src").rglob("*") if p.is_symlink()]
    assert links == []


def test_the_build_copies_exactly_the_shipped_data_into_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    forced = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert forced == {name: f"leakhelp/{inside}" for name, inside in SHIPPED.items()}
    assert config["build-system"]["build-backend"] == "hatchling.build"


def test_shipped_data_is_found_in_a_checkout():
    registry = shipped("platforms.yaml")
    assert registry.is_file()
    assert registry.read_text("utf-8") == (ROOT / "platforms.yaml").read_text("utf-8")
    templates = shipped("takedown_templates")
    names = {entry.name for entry in templates.iterdir()}
    assert "dsa-16.nl.j2" in names and "_common.en.j2" in names


def test_the_compiled_pdq_is_optional():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    assert not any(d.startswith("pdqhash") for d in project["dependencies"])
    assert any(d.startswith("pdqhash") for d in project["optional-dependencies"]["fast"])
    assert any(d.startswith("pdqhash") for d in project["optional-dependencies"]["dev"])
