"""Property-based tests of every parser that reads something from outside.

For any input, a parser either returns a value or raises its own
:class:`~leakhelp.errors.LeakhelpError` (a one-line message): never another
exception, never a traceback. Where it returns, what it returns keeps its
promises (canonical URLs stay canonical; an export reads back what was
written; an e-mail letter has only the headers we put there).

No time limit per example (``deadline=None``): timings belong in benchmarks/.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import string
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from leakhelp.cli.ui import json_line, printable
from leakhelp.errors import (
    ExportFormatError,
    InputError,
    InvalidURLError,
    LeakhelpError,
    RegistryError,
)
from leakhelp.export import export_document, load_fingerprint_file, parse_export
from leakhelp.letters import LetterFields, render_letter
from leakhelp.models import Fingerprint
from leakhelp.registry import load_registry, load_registry_file, parse_registry
from leakhelp.tracking import normalize_url, read_url_file

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hex16 = st.text("0123456789abcdef", min_size=16, max_size=16)
hex64 = st.text("0123456789abcdef", min_size=64, max_size=64)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
#: Text with the characters that break naive parsers: controls, bidi, quotes,
#: line breaks of every kind, encoded-word and template syntax.
nasty_text = st.lists(
    st.characters(codec="utf-8")
    | st.sampled_from(["\r", "\n", "\x1b", "\x85", "\u2028", "\u202e", "{{", "{%", "=?", '"']),
    max_size=40,
).map("".join)


def _tmp_file(data: bytes, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115
    with handle:
        handle.write(data)
    return Path(handle.name)


# -- export import --------------------------------------------------------------


@st.composite
def fingerprints(draw: st.DrawFn) -> Fingerprint:
    pdq = draw(hex64)
    return Fingerprint(
        pdq=pdq,
        quality=draw(st.integers(0, 100)),
        phash=draw(hex16),
        dhash=draw(hex16),
        width=draw(st.integers(1, 2**31 - 1)),
        height=draw(st.integers(1, 2**31 - 1)),
        dihedral=(pdq, *draw(st.lists(hex64, min_size=7, max_size=7))),
        label=draw(st.none() | st.text(min_size=1, max_size=200)),
    )


@SETTINGS
@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=200), fingerprints()), max_size=5),
    st.none() | st.text(max_size=200),
)
def test_an_export_reads_back_what_was_written(
    items: list[tuple[str, Fingerprint]], name: str | None
) -> None:
    doc = export_document(items, lang="nl", case_name=name)
    back = parse_export(json.loads(json.dumps(doc)))
    assert back.refs == tuple(ref for ref, _ in items)
    assert [(f.pdq, f.phash, f.dhash, f.dihedral, f.label) for f in back.fingerprints] == [
        (f.pdq, f.phash, f.dhash, f.dihedral, f.label) for _, f in items
    ]
    assert back.case_name == (name or None)


@SETTINGS
@given(json_values)
def test_any_json_is_an_export_or_one_clear_error(doc: Any) -> None:
    try:
        parse_export(doc)
    except ExportFormatError as exc:
        assert "\n" not in str(exc)


@SETTINGS
@given(fingerprints(), st.sampled_from(["pdq", "phash", "dhash", "quality", "ref", "label"]),
       json_values)  # fmt: skip
def test_any_one_field_changed_is_read_or_refused(fp: Fingerprint, field: str, value: Any) -> None:
    doc = export_document([("#1", fp)], lang="en")
    doc["fingerprints"][0][field] = value
    with contextlib.suppress(ExportFormatError):
        parse_export(doc)


@SETTINGS
@given(fingerprints(), st.sampled_from(["pdq", "phash", "dhash"]),
       st.sampled_from(["\n", " ", "\t", "\r\n", "\x00"]))  # fmt: skip
def test_a_hash_with_anything_after_it_is_refused(fp: Fingerprint, field: str, tail: str) -> None:
    doc = export_document([("#1", fp)], lang="en")
    doc["fingerprints"][0][field] += tail
    with pytest.raises(ExportFormatError):
        parse_export(doc)


@SETTINGS
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
@example(b'{"format": "leakhelp-fingerprints", "version": 99}')
@example(b"leakhelp-sealed\n\x01\x01")
@example(b"[" * 5000)
def test_any_file_is_fingerprints_or_one_clear_error(data: bytes) -> None:
    path = _tmp_file(data, ".json")
    try:
        load_fingerprint_file(path)
    except LeakhelpError:
        pass
    except RecursionError:
        pass  # the CLI says "nested too deeply" (tests/test_hardening.py)
    finally:
        path.unlink()


# -- platforms.yaml and the user's override file ---------------------------------

yaml_documents = json_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
platform_like = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2, "1"]), "platforms": st.lists(
        st.dictionaries(
            st.sampled_from(["id", "name", "domains", "category", "channels", "aliases",
                             "checked", "ip_ranges", "notes", "extends"]),
            json_values | st.lists(st.text(max_size=30), max_size=3),
            max_size=6,
        ),
        max_size=3,
    )},
).map(lambda v: yaml.safe_dump(v, allow_unicode=True))  # fmt: skip


@SETTINGS
@given(st.text(max_size=500) | yaml_documents | platform_like)
@example("platforms: !!python/object/apply:os.system ['true']")
@example("a: &a [*a, *a]")
@example("a: &a [x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]")
def test_any_text_is_a_registry_or_one_clear_error(text: str) -> None:
    with contextlib.suppress(RegistryError):
        parse_registry(text)


@SETTINGS
@given(st.text(max_size=300) | platform_like)
def test_a_broken_user_file_never_breaks_more_than_itself(tmp_path: Path, text: str) -> None:
    home = Path(tempfile.mkdtemp(dir=tmp_path))
    (home / "platforms.yaml").write_text(text, encoding="utf-8")
    try:
        registry = load_registry(home)
    except RegistryError:
        with pytest.raises(RegistryError):
            load_registry_file(home / "platforms.yaml", with_packaged=True)
        return
    assert len(registry) >= 1


# -- URL normalisation and platform lookup ------------------------------------------

url_parts = st.text(string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@/?#[]", max_size=40)
urls = st.builds(
    lambda scheme, host, port, rest: f"{scheme}://{host}{port}/{rest}",
    st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
    st.from_regex(r"[a-zA-Z0-9.-]{1,30}", fullmatch=True) | st.ip_addresses().map(str),
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":x"]),
    url_parts,
)


@SETTINGS
@given(urls | nasty_text)
def test_a_normalised_url_is_canonical(raw: str) -> None:
    try:
        once = normalize_url(raw)
    except InvalidURLError:
        return  # shown on one line, escaped, by the CLI (tests/test_terminal_safety.py)
    assert once.startswith(("http://", "https://"))
    assert printable(once) == once  # nothing a terminal would act on
    assert not any(ch.isspace() for ch in once)
    assert normalize_url(once) == once


@pytest.fixture(scope="module")
def registry() -> Any:
    return load_registry(Path(tempfile.mkdtemp()))


@SETTINGS
@given(urls | nasty_text)
def test_lookup_never_raises(registry: Any, raw: str) -> None:
    found = registry.lookup(raw)
    assert found.platform is None or found.error is None


@SETTINGS
@given(st.data(), url_parts, st.sampled_from(["", "www.", "M.", "WWW."]))
def test_every_known_domain_finds_its_platform(
    registry: Any, data: st.DataObject, rest: str, prefix: str
) -> None:
    platform = data.draw(st.sampled_from(registry.platforms))
    assume(platform.domains)
    domain = data.draw(st.sampled_from(platform.domains))
    found = registry.lookup(f"https://{prefix}{domain}/{rest}")
    assert found.platform is not None, (domain, found.error)
    assert domain in found.platform.domains or found.host.endswith("." + domain) is False


# -- letter fields -------------------------------------------------------------------

#: Headers our e-mails may have; anything else came from a field.
EML_HEADERS = {
    "from", "to", "subject", "date", "x-unsent", "mime-version", "content-type",
    "content-transfer-encoding",
}  # fmt: skip


@SETTINGS
@given(
    name=nasty_text,
    description=st.none() | nasty_text,
    address=st.none() | nasty_text,
    fmt=st.sampled_from(["txt", "md", "eml"]),
    lang=st.sampled_from(["nl", "en"]),
)
@example(  # an encoded word a mail reader would turn into a line break and a Bcc header
    name="=?utf-8?q?Sam=0D=0ABcc:_x@evil.example?=",
    description=None,
    address=None,
    fmt="eml",
    lang="nl",
)
def test_any_letter_field_gives_a_letter_or_one_clear_error(
    name: str, description: str | None, address: str | None, fmt: str, lang: str
) -> None:
    """Names with encoded-word syntax (``=?utf-8?q?...?=``) included: an e-mail letter
    refuses them with one clear line."""
    fields = LetterFields(
        urls=("https://example.com/a.jpg",),
        name=name,
        email="sam@example.com",
        description=description,
        address=address,
        to="abuse@example.com",
    )
    try:
        letter = render_letter("ncii-policy", lang, fields, fmt=fmt)
    except InputError as exc:
        assert exc.key is not None  # said from the catalogue, in both languages
        for said in (str(exc), exc.text("nl")):
            assert said and len(said.splitlines()) == 1, said
        return
    assert not (fmt == "eml" and "=?" in name and "?=" in name.partition("=?")[2])
    assert "https://example.com/a.jpg" in letter.text
    if fmt == "eml":
        message = email.message_from_string(letter.text, policy=email.policy.default)
        assert {key.lower() for key in message} <= EML_HEADERS
        assert message["To"] == "abuse@example.com"


# -- --from files -----------------------------------------------------------------------


@SETTINGS
@given(
    st.binary(max_size=1500)
    | st.lists(urls | nasty_text, max_size=20).map(lambda lines: "\n".join(lines).encode()),
    st.sampled_from([".txt", ".csv", ".tsv", ""]),
)
def test_any_from_file_gives_entries_or_one_clear_error(data: bytes, suffix: str) -> None:
    path = _tmp_file(data, suffix)
    try:
        entries = read_url_file(path)
    except InputError:
        return
    finally:
        path.unlink()
    for entry in entries:
        assert entry == entry.strip() and entry
        with contextlib.suppress(InvalidURLError):
            normalize_url(entry)


# -- what reaches the terminal ---------------------------------------------------------------


@SETTINGS
@given(nasty_text | st.text(st.characters(min_codepoint=0, max_codepoint=0x2100)))
def test_printable_output_is_safe_and_stable(text: str) -> None:
    shown = printable(text)
    for ch in shown:
        assert unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp"), repr(ch)
        assert ch not in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert printable(shown) == shown
    assert json.loads(json_line({"v": text}))["v"] == text
