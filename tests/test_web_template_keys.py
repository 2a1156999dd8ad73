"""Every message a web page names is in the catalogue, in both languages.

A page names its texts as ``_('key')`` (a ``web.`` message) or ``t('key')``;
a key missing from the catalogue is a server error for the person who opens
that page, so it is found here, on the templates' source, before anyone does.
"""

from __future__ import annotations

from importlib import resources

import pytest
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from leakhelp.i18n import catalogue, catalogue_keys, plural_keys

TEMPLATES = resources.files("leakhelp.web") / "templates"


def _named_keys(source: str) -> set[str]:
    """The constant message keys of ``_(...)`` and ``t(...)`` calls in a template."""
    tree = SandboxedEnvironment().parse(source)
    keys: set[str] = set()
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or not call.args:
            continue
        first = call.args[0]
        if not isinstance(first, nodes.Const) or not isinstance(first.value, str):
            continue
        if call.node.name == "_":
            keys.add("web." + first.value)
        elif call.node.name == "t":
            keys.add(first.value)
    return keys


def _page_names() -> list[str]:
    return sorted(p.name for p in TEMPLATES.iterdir() if p.name.endswith(".html"))


def test_the_templates_name_keys_at_all() -> None:
    # the scan itself must see the calls, or the test below proves nothing
    assert "web.sightings.fix" in _named_keys((TEMPLATES / "case.html").read_text("utf-8"))
    assert len(_page_names()) >= 10


@pytest.mark.parametrize("page", _page_names())
def test_every_key_a_page_names_is_in_both_languages(page: str) -> None:
    keys = _named_keys((TEMPLATES / page).read_text("utf-8"))
    missing = sorted(k for k in keys if k not in catalogue_keys())
    assert missing == [], f"{page} names keys that are not in the catalogue"
    for key in keys - plural_keys():
        assert catalogue("nl").gettext(key) != key, f"{page}: {key} has no Dutch text"
