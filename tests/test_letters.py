"""Takedown letters: every basis in every language, complete and exact; injection stays inert."""

from __future__ import annotations

import email
import os
import re
import stat
from datetime import UTC, datetime, timedelta
from email.policy import default as default_policy

import pytest

from leakhelp.errors import (
    HeaderInjectionError,
    InputError,
    MissingFieldsError,
    TemplateError,
    UnknownBasisError,
    UsageError,
)
from leakhelp.law import (
    BASES,
    TAKE_IT_DOWN_IN_FORCE,
    add_months,
    due_date,
    legal_term,
    take_it_down_applies,
)
from leakhelp.letters import (
    LetterFields,
    is_email_address,
    platform_for_urls,
    render_letter,
    required_fields,
)
from leakhelp.registry import load_registry

from conftest import PHOTOS

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
URLS = ("https://www.reddit.com/r/x/comments/abc/title/", "https://i.redd.it/abc123.jpg")
FULL = LetterFields(
    urls=URLS,
    name="Sam Jansen",
    email="sam@example.org",
    address="Voorbeeldstraat 1, 1234 AB Utrecht",
    phone="+31 6 12345678",
    description="the second photo in the gallery",
    work="a photograph I took of myself in 2024",
    search_terms=("Sam Jansen", "sam jansen naakt"),
)
LEFTOVERS = ("{{", "{%", "{#", "None", "Undefined", "  \n")

#: What each basis must say, per language (sources: docs/letters.md).
ELEMENTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ncii-policy", "en"): ("did not consent", "Remove identical copies", "reference number"),
    ("ncii-policy", "nl"): ("geen toestemming", "identieke kopieën", "referentienummer"),
    ("take-it-down", "en"): (
        "section 3 of the TAKE IT DOWN Act",
        "3(a)(1)(B)",
        "(i) Signature",
        "(ii) Identification",
        "(iii) Statement of good faith",
        "(iv) Contact information",
        "good-faith belief",
        "not consensual",
        "48 hours",
        "known identical copies",
        "electronic signature",
    ),
    ("take-it-down", "nl"): (
        "section 3 van de Amerikaanse TAKE IT DOWN Act",
        "3(a)(1)(B)",
        "(i) Handtekening",
        "(iv) Contactgegevens",
        "te goeder trouw",
        "48 uur",
        "identieke kopieën",
        "elektronische handtekening",
    ),
    ("dsa-16", "en"): (
        "Article 16",
        "2022/2065",
        "(a) Explanation of why the content is illegal",
        "(b) Exact electronic location",
        "(c) Name and e-mail address",
        "(d) Statement of good faith",
        "bona fide belief",
        "accurate and complete",
        "Article 16(4)",
        "Article 16(5)",
        "without a detailed legal examination",
    ),
    ("dsa-16", "nl"): (
        "artikel 16 van de digitaledienstenverordening",
        "2022/2065",
        "(a) Uitleg waarom de inhoud illegaal is",
        "(b) Exacte elektronische locatie",
        "(c) Naam en e-mailadres van de melder",
        "(d) Verklaring te goeder trouw",
        "juist en volledig",
        "zonder gedetailleerd juridisch onderzoek",
    ),
    ("dmca", "en"): (
        "17 U.S.C. § 512(c)(3)",
        "(A)(i)",
        "(A)(ii)",
        "(A)(iii)",
        "(A)(iv)",
        "(A)(v)",
        "(A)(vi)",
        "good faith belief",
        "not authorized by the copyright owner, its agent, or the law",
        "under penalty of perjury",
        "a photograph I took of myself in 2024",
        "Voorbeeldstraat 1",
    ),
    ("dmca", "nl"): (
        "17 U.S.C. § 512(c)(3)",
        "(A)(vi)",
        "te goeder trouw",
        # The sworn statements stay in the statute's English, with a Dutch gloss.
        "The information in this notification is accurate, and under penalty of perjury",
        "not authorized by the copyright owner, its agent, or the law",
        "(Vertaling: ",
        "op straffe van meineed",
        "artikel 1 Auteurswet",
    ),
    ("gdpr-17", "en"): (
        "Article 17",
        "2016/679",
        "(d) the personal data have been unlawfully processed",
        "Article 17(2)",
        "Article 12(3)",
        "within one month of receipt",
        "25 December 2026",
        "Article 12(4)",
    ),
    ("gdpr-17", "nl"): (
        "artikel 17",
        "(d) de persoonsgegevens zijn onrechtmatig verwerkt",
        "artikel 12, lid 3, AVG",
        "binnen een maand na ontvangst",
        "25 december 2026",
        "Autoriteit Persoonsgegevens",
    ),
    ("delisting", "en"): (
        "Result URLs",
        "Search terms",
        "“Sam Jansen”",
        "“sam jansen naakt”",
        "C-131/12",
        "C-136/17",
        "every one of your search domains",
        "not currently being paid for this content",
    ),
    ("delisting", "nl"): (
        "Resultaat-URL's",
        "Zoektermen",
        "“sam jansen naakt”",
        "C-131/12",
        "C-136/17",
        "op al uw zoekdomeinen",
        "niet betaald voor deze inhoud",
    ),
}

CASES = [(b, lang) for b in BASES for lang in ("nl", "en")]


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def _letter(basis, lang, fields=FULL, **kw):
    kw.setdefault("now", NOW)
    return render_letter(basis, lang, fields, **kw)


def _assert_clean(text: str) -> None:
    for bad in LEFTOVERS:
        assert bad not in text, f"{bad!r} left in the letter:\n{text}"


@pytest.mark.parametrize(("basis", "lang"), CASES, ids=[f"{b}-{lang}" for b, lang in CASES])
def test_every_basis_and_language_has_its_legal_elements(registry, basis, lang):
    # Delisting is only for search engines (the results point to other sites).
    where = "google-search" if basis == "delisting" else "reddit"
    letter = _letter(basis, lang, platform=registry.get(where))
    text = letter.text
    for element in ELEMENTS[(basis, lang)]:
        assert element in text, f"{element!r} missing from {basis}/{lang}:\n{text}"
    for url in URLS:
        assert f"- {url}\n" in text  # exact, one per line
    assert ("25 november 2026" if lang == "nl" else "25 November 2026") in text
    assert letter.subject and "\n" not in letter.subject
    assert letter.basis == basis and letter.lang == lang and letter.platform == where
    _assert_clean(text)
    _assert_clean(letter.subject)
    # Dutch letters cite the Dutch criminal code; English ones only for NL. The
    # article was renumbered on 1 July 2024 (new number unverified): "formerly".
    assert ("139h" in text) is (lang == "nl")
    assert ("voorheen artikel 139h" in text) is (lang == "nl")
    assert "actual knowledge of the illegal content" not in text


@pytest.mark.parametrize("basis", BASES)
def test_english_letters_cite_dutch_law_when_the_country_is_nl(basis):
    from dataclasses import replace

    text = _letter(basis, "en", replace(FULL, country="NL")).text
    assert "Dutch Criminal Code, Wetboek van Strafrecht, formerly Article 139h" in text
    assert "Sam Jansen" in text


def test_uk_letters_cite_the_sexual_offences_act():
    from dataclasses import replace

    text = _letter("ncii-policy", "en", replace(FULL, country="GB")).text
    assert "section 66B of the Sexual Offences Act 2003" in text
    assert "Country: UK" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_minor_letters_say_csam_and_cite_the_law(lang):
    from dataclasses import replace

    fields = replace(FULL, minor=True, country="NL")
    for basis in BASES:
        if basis == "dmca":  # refused for minors: see test_dmca_is_refused_for_minors
            continue
        text = _letter(basis, lang, fields).text
        assert ("formerly Article 240b" if lang == "en" else "voorheen artikel 240b") in text
        assert "2011/93/EU" in text, (basis, text)
        # "Report it as the law requires of you" is only true for US providers.
        assert "2258A" in text and "as the law requires of you" not in text
        _assert_clean(text)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dsa_notice_for_a_minor_may_leave_out_name_and_email(lang):
    fields = LetterFields(urls=("https://x.com/someone/status/1",), minor=True)
    assert "name" not in required_fields("dsa-16", lang, minor=True)
    letter = _letter("dsa-16", lang, fields)
    assert ("artikelen 3 tot en met 7" if lang == "nl" else "Articles 3 to 7") in letter.text
    assert "https://x.com/someone/status/1" in letter.text
    _assert_clean(letter.text)
    with pytest.raises(MissingFieldsError) as info:
        _letter("dsa-16", lang, LetterFields(urls=("https://x.com/a",)))
    assert info.value.fields == ["name", "email"]


def test_deepfakes_and_acting_for_someone_else():
    from dataclasses import replace

    fields = replace(FULL, deepfake=True, on_behalf_of="Alex de Vries")
    text = _letter("take-it-down", "en", fields).text
    assert "digital forgery" in text
    assert "on behalf of Alex de Vries" in text
    nl = _letter("ncii-policy", "nl", fields).text
    assert "deepfake" in nl and "namens Alex de Vries" in nl


def test_signature_defaults_to_the_name_and_can_be_given():
    from dataclasses import replace

    assert "/Sam Jansen/" in _letter("dmca", "en").text
    text = _letter("dmca", "en", replace(FULL, signature="S. Jansen")).text
    assert "/S. Jansen/" in text


def test_one_letter_may_list_many_urls_on_one_platform(registry):
    urls = tuple(f"https://www.reddit.com/r/x/comments/{i}" for i in range(40))
    letter = _letter("ncii-policy", "en", LetterFields(urls=urls, name="A", email="a@b.example"))
    assert all(f"- {u}\n" in letter.text for u in urls)
    assert platform_for_urls(registry, urls).id == "reddit"
    with pytest.raises(UsageError, match="different platforms"):
        platform_for_urls(registry, [urls[0], "https://x.com/a/status/1"])
    assert platform_for_urls(registry, ["https://unknown.example/x"]) is None


def test_duplicate_urls_are_listed_once():
    letter = _letter(
        "ncii-policy", "en", LetterFields(urls=(URLS[0], URLS[0]), name="A", email="a@b.example")
    )
    assert letter.text.count(URLS[0]) == 1


# -- required fields --------------------------------------------------------------
def test_required_fields_per_basis():
    assert required_fields("dmca", "en") == ("urls", "name", "email", "work")
    assert "search_terms" in required_fields("delisting", "nl")
    assert required_fields("dsa-16", "en") == ("urls", "name", "email")
    assert required_fields("dsa-16", "en", minor=True) == ("urls",)
    assert required_fields("dsa-16", "en", minor=True, fmt="eml")[-2:] == ("email", "to")


def test_missing_fields_are_all_named_and_nothing_is_written():
    with pytest.raises(MissingFieldsError) as info:
        _letter("dmca", "en", LetterFields(urls=("https://example.com/x",)))
    assert info.value.fields == ["name", "email", "work"]
    assert info.value.exit_code == 1
    with pytest.raises(MissingFieldsError) as info:
        _letter("delisting", "nl", LetterFields(name="A", email="a@b.example"))
    assert info.value.fields == ["urls", "search_terms"]


def test_dmca_refuses_when_the_sender_is_not_the_author():
    from dataclasses import replace

    with pytest.raises(InputError, match="copyright"):
        _letter("dmca", "en", replace(FULL, victim_is_author=False))


def test_unknown_basis_language_or_format():
    with pytest.raises(UnknownBasisError):
        _letter("gdpr-99", "en")
    with pytest.raises(UsageError):
        _letter("dmca", "de")
    with pytest.raises(UsageError):
        _letter("dmca", "en", fmt="pdf")


# -- injection --------------------------------------------------------------------
INJECTIONS = [
    "{{ 7*7 }}",
    "{% raw %}",
    "{% for i in range(3) %}x{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{#",
    "${7*7}",
]


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("fmt", ["txt", "md", "form"])
def test_template_syntax_in_user_values_stays_literal(payload, fmt):
    fields = LetterFields(
        urls=(f"https://example.com/{payload.replace(' ', '')}",),
        name=f"Sam {payload}",
        email="sam@example.org",
        description=f"see {payload}",
    )
    text = _letter("ncii-policy", "en", fields, fmt=fmt).text
    if fmt == "md":  # Markdown escapes its own syntax characters but keeps them
        assert re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", payload) in text
    else:
        assert f"Sam {payload}" in text
        assert f"see {payload}" in text
        assert f"https://example.com/{payload.replace(' ', '')}" in text
    assert "49" not in text and "xxx" not in text and "<class" not in text


def test_markdown_cannot_be_injected():
    fields = LetterFields(
        urls=("https://example.com/a_b_c",), name="[click](javascript:x) *Sam*", email="s@e.example"
    )
    text = _letter("ncii-policy", "en", fields, fmt="md").text
    assert text.startswith("# ")
    assert "\\[click\\](javascript:x) \\*Sam\\*" in text
    assert "<https://example.com/a_b_c>" in text  # URL kept exact as an autolink


@pytest.mark.parametrize("field", ["name", "email", "signature", "phone", "to"])
@pytest.mark.parametrize(
    "breaker", ["\r\nBcc: evil@example.net", "\nBcc: evil@example.net", "\u2028x"]
)
def test_line_breaks_in_header_fields_are_refused(field, breaker):
    base = {"urls": URLS, "name": "Sam", "email": "sam@example.org", "to": "privacy@example.com"}
    base[field] = (base.get(field) or "x") + breaker
    with pytest.raises(HeaderInjectionError):
        _letter("gdpr-17", "en", LetterFields.from_mapping(base), fmt="eml")
    with pytest.raises(InputError):  # and in every other format as well
        _letter("gdpr-17", "en", LetterFields.from_mapping(base), fmt="txt")


def test_bcc_text_without_line_break_stays_in_the_display_name(registry):
    fields = LetterFields(urls=URLS, name="Sam Bcc: evil@example.net", email="sam@example.org")
    letter = _letter("gdpr-17", "en", fields, fmt="eml", platform=registry.get("reddit"))
    msg = email.message_from_string(letter.text, policy=default_policy)
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert msg["From"].addresses[0].display_name == "Sam Bcc: evil@example.net"
    assert msg["From"].addresses[0].addr_spec == "sam@example.org"
    assert len(msg["To"].addresses) == 1


ENCODED_WORDS = [
    "=?utf-8?q?Sam=0D=0ABcc:_x@evil.example?=",
    "=?UTF-8?B?U2FtDQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
    "Sam =?iso-8859-1?q?=0ABcc:x@evil.example?= Jansen",
]


@pytest.mark.parametrize("name", ENCODED_WORDS)
def test_encoded_words_cannot_add_headers(registry, name):
    """RFC 2047 words decode into line breaks when the e-mail is read."""
    fields = LetterFields(urls=URLS, name=name, email="sam@example.org")
    with pytest.raises(HeaderInjectionError, match="encoded-word"):
        _letter("ncii-policy", "en", fields, fmt="eml", platform=registry.get("reddit"))
    # In a letter that is not an e-mail the text is only text: printed as typed.
    assert name in _letter("ncii-policy", "en", fields).text


def test_encoded_word_from_the_case_profile_is_refused_in_eml(cli, leakhelp_home):
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    cli("case", "profile", case, "--name", ENCODED_WORDS[0], "--email", "sam@example.org")
    result = cli(
        "letter", "--basis", "ncii-policy", "--url", URLS[0], "--case", case,
        "--format", "eml", "--lang", "en",
    )  # fmt: skip
    assert result.code == 1, result.stderr
    assert "Bcc" not in result.stdout and "encoded-word" in result.stderr


@pytest.mark.parametrize(
    "bad", ["sam@example.org, evil@example.net", "sam", "<sam@example.org>", "sam@example.org>"]
)
def test_email_must_be_one_plain_address(bad):
    with pytest.raises(InputError):
        _letter("ncii-policy", "en", LetterFields(urls=URLS, name="Sam", email=bad))


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://example.com/x",
        "example.com/x",
        "https://exa mple.com/",
        'https://e.com/"x',
        "https://",
    ],
)
def test_urls_must_be_complete_web_addresses(bad):
    with pytest.raises(InputError):
        _letter("ncii-policy", "en", LetterFields(urls=(bad,), name="Sam", email="s@e.example"))


# -- formats ----------------------------------------------------------------------
def test_eml_parses_back_with_headers_body_and_recipient(registry):
    fields = LetterFields(urls=URLS, name="Zoë Ünal-Jansen", email="zoe@example.org")
    letter = _letter("gdpr-17", "nl", fields, fmt="eml", platform=registry.get("reddit"))
    assert letter.to == "redditdatarequests@reddit.com"
    msg = email.message_from_string(letter.text, policy=default_policy)
    assert msg["To"].addresses[0].addr_spec == "redditdatarequests@reddit.com"
    assert msg["From"].addresses[0].display_name == "Zoë Ünal-Jansen"
    assert (
        msg["Subject"]
        == letter.subject
        == "Verzoek om gegevenswissing op grond van artikel 17 AVG: Reddit"
    )
    assert msg["Date"].datetime == NOW.replace(microsecond=0)
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert "Zoë Ünal-Jansen" in body and "persoonsgegevens" in body
    assert all(url in body for url in URLS)
    assert body.strip() == letter.body.strip()
    for line in letter.text.split("\n\n", 1)[0].splitlines():  # every header line is ASCII
        assert line.isascii()


def test_eml_needs_a_recipient_when_the_registry_has_none(registry):
    fields = LetterFields(urls=("https://unknown.example/x",), name="Sam", email="sam@example.org")
    with pytest.raises(MissingFieldsError) as info:
        _letter("ncii-policy", "en", fields, fmt="eml")
    assert info.value.fields == ["to"]
    from dataclasses import replace

    letter = _letter("ncii-policy", "en", replace(fields, to="abuse@unknown.example"), fmt="eml")
    assert (
        email.message_from_string(letter.text, policy=default_policy)["To"]
        == "abuse@unknown.example"
    )


def test_form_sheet_lists_fields_where_to_paste_and_help(registry):
    letter = _letter("take-it-down", "en", FULL, fmt="form", platform=registry.get("x"))
    text = letter.text
    assert letter.form_url == "https://help.x.com/forms/safety-and-sensitive-content/take-it-down"
    assert letter.form_url in text
    assert "--- Your name ---\nSam Jansen" in text
    assert "--- URLs of the content (one per line) ---\n" + "\n".join(URLS) in text
    assert "good-faith belief" in text
    assert "Do not attach or upload any image" in text
    # The sheet is pasted into the platform's form: "you are not alone" is said by
    # the command line around it, never inside it.
    assert "not alone" not in text and "leakhelp support" not in text
    nl = _letter("dsa-16", "nl", FULL, fmt="form", platform=registry.get("x")).text
    assert "--- Je naam ---" in nl and "INVULHULP" in nl
    # Where to send it, with the platform's notes in the reader's language.
    shown = registry.get("x").channels_for("dsa-16")
    assert len(shown) >= 2 and all(c.note and c.note_nl for c in shown)
    assert all(c.note_nl in nl and c.note not in nl for c in shown)
    assert all(c.note in text for c in registry.get("x").channels_for("take-it-down"))


@pytest.mark.parametrize("fmt", ["txt", "md", "eml", "form"])
def test_letters_never_contain_hashes_or_file_names(cli, tmp_path, fmt):
    """Through the real path: a case that has fingerprints of a named file."""
    photo = tmp_path / "sam-bathroom-2024.png"
    photo.write_bytes((PHOTOS / "coffee.png").read_bytes())
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    (line,) = cli("hash", photo, "--case", case, "--json").json_lines()
    hashes = {line["pdq"], line["phash"], line["dhash"], *line["dihedral"]}
    assert cli("case", "profile", case, "--name", "Sam", "--email", "sam@example.com").code == 0
    assert cli("sighting", "add", case, "https://www.reddit.com/r/x/comments/abc").code == 0
    drafted = cli("request", "draft", case, "--basis", "ncii-policy", "--format", fmt, "--json")
    texts = [doc["text"] for doc in drafted.json_lines()]
    assert texts and all("https://www.reddit.com/r/x/comments/abc" in text for text in texts)
    for text in texts:
        assert not any(h in text or h[:16] in text for h in hashes)
        assert photo.stem not in text and photo.name not in text
        assert not any(
            len(w) >= 16 and all(c in "0123456789abcdef" for c in w) for w in text.split()
        )


def test_dmca_warns_that_contact_details_may_be_shared():
    letter = _letter("dmca", "en")
    assert any("Lumen" in w for w in letter.warnings)


def test_date_is_injectable_as_a_clock():
    letter = render_letter("ncii-policy", "en", FULL, now=lambda: datetime(2027, 1, 3, tzinfo=UTC))
    assert "3 January 2027" in letter.text


# -- templates --------------------------------------------------------------------
def test_user_template_overrides_the_packaged_one(leakhelp_home):
    folder = leakhelp_home / "takedown_templates"
    folder.mkdir(parents=True)
    (folder / "ncii-policy.en.j2").write_text(
        "{#- leakhelp\nrequires: [urls, name, email, phone]\nform: [name, urls]\n-#}\n"
        "{% set subject %}Our helpline's own report{% endset %}\n"
        "Hello,\n{% for u in urls %}\n* {{ u }}\n{% endfor %}\nCall {{ phone }}. {{ name }}\n"
    )
    assert required_fields("ncii-policy", "en", home=leakhelp_home)[-1] == "phone"
    with pytest.raises(MissingFieldsError) as info:
        render_letter("ncii-policy", "en", LetterFields(urls=URLS, name="A", email="a@b.example"))
    assert info.value.fields == ["phone"]
    letter = render_letter("ncii-policy", "en", FULL, now=NOW)
    assert letter.subject == "Our helpline's own report"
    assert letter.text.startswith("Hello,\n* https://www.reddit.com")
    assert "Call +31 6 12345678. Sam Jansen" in letter.text
    # the other templates still come from the package
    assert "penalty of perjury" in render_letter("dmca", "en", FULL, now=NOW).text


def test_user_common_pieces_override_too(leakhelp_home):
    folder = leakhelp_home / "takedown_templates"
    folder.mkdir(parents=True)
    from leakhelp.paths import shipped

    common = (shipped("takedown_templates") / "_common.nl.j2").read_text("utf-8")
    (folder / "_common.nl.j2").write_text(common.replace("Met vriendelijke groet,", "Hoogachtend,"))
    assert "Hoogachtend," in render_letter("gdpr-17", "nl", FULL, now=NOW).text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{#- leakhelp\nrequires: [urls]\n-#}\n{% set subject %}x{% endset %}{{ ''.__class__ }}",
            "sandbox",
        ),
        ("{#- leakhelp\nrequires: [urls]\n-#}\n{% set subject %}x{% endset %}{% if %}", "line"),
        ("{#- leakhelp\nrequires: [nonsense]\n-#}\nx", "unknown field"),
        ("no header here", "header"),
        ("{#- leakhelp\nrequires: [urls]\n-#}\n{{ phone }}", "empty value"),
    ],
    ids=["sandbox", "syntax", "unknown-field", "no-header", "none-printed"],
)
def test_broken_user_templates_give_clear_errors(leakhelp_home, source, message):
    folder = leakhelp_home / "takedown_templates"
    folder.mkdir(parents=True)
    (folder / "ncii-policy.en.j2").write_text(source)
    with pytest.raises(TemplateError, match=message):
        render_letter("ncii-policy", "en", LetterFields(urls=URLS, name="A", email="a@b.example"))


# -- deadlines and fields ---------------------------------------------------------
def test_deadlines():
    assert legal_term("take-it-down") == timedelta(hours=48)
    assert legal_term("gdpr-17") == timedelta(days=31)
    assert legal_term("dsa-16") is None
    assert legal_term("dsa-16", default=timedelta(days=7)) == timedelta(days=7)
    assert due_date("take-it-down", NOW) == NOW + timedelta(hours=48)
    assert due_date("gdpr-17", datetime(2026, 1, 31, 10, tzinfo=UTC)) == datetime(
        2026, 2, 28, 23, 59, 59, tzinfo=UTC
    )
    assert add_months(datetime(2026, 12, 15, tzinfo=UTC)) == datetime(
        2027, 1, 15, 23, 59, 59, tzinfo=UTC
    )
    with pytest.raises(UnknownBasisError):
        legal_term("nope")


def test_fields_fill_from_a_profile():
    typed = LetterFields(urls=URLS, email="typed@example.org")
    profile = LetterFields(
        name="Profile Name", email="profile@example.org", country="NL", minor=True
    )
    merged = typed.fill_from(profile)
    assert merged.name == "Profile Name" and merged.email == "typed@example.org"
    assert merged.country == "NL" and merged.minor is True and merged.urls == URLS
    assert typed.fill_from({"name": "From Mapping"}).name == "From Mapping"
    with pytest.raises(UsageError):
        LetterFields.from_mapping({"nmae": "typo"})


# -- the command line -------------------------------------------------------------
def test_cli_missing_fields_exit_1_and_nothing_on_stdout(cli):
    result = cli("letter", "--basis", "dmca", "--url", "https://example.com/x", "--lang", "en")
    assert result.code == 1
    assert result.stdout == ""
    err = " ".join(result.stderr.split())
    assert "--name" in err and "--email" in err and "--work" in err


def test_cli_contract_dsa_nl(cli):
    result = cli(
        "letter", "--basis", "dsa-16", "--url", "https://example.com/x", "--lang", "nl",
        "--name", "Sam Jansen", "--email", "sam@example.org",
    )  # fmt: skip
    assert result.code == 0
    assert "https://example.com/x" in result.stdout
    assert "artikel 16" in result.stdout and "139h" in result.stdout
    assert "leakhelp --lang nl support" in " ".join(result.stderr.split())


def test_cli_unknown_basis_is_a_usage_error(cli):
    result = cli("letter", "--basis", "gdpr-99", "--url", "https://example.com/x")
    assert result.code == 2 and result.stdout == ""
    assert "ncii-policy" in result.stderr


def test_cli_unknown_platform_is_a_clear_usage_error(cli):
    result = cli(
        "letter", "--basis", "ncii-policy", "--url", "https://example.com/x",
        "--name", "A", "--email", "a@b.example", "--platform", "Redditt",
    )  # fmt: skip
    assert result.code == 2 and result.stdout == ""
    assert "unknown platform" in result.stderr and "reddit" in result.stderr


def test_cli_platform_by_name_any_case_and_eml(cli):
    result = cli(
        "letter", "--basis", "gdpr-17", "--url", URLS[0], "--lang", "en", "--platform", "REDDIT",
        "--name", "Sam", "--email", "sam@example.org", "--format", "eml",
    )  # fmt: skip
    assert result.code == 0
    msg = email.message_from_string(result.stdout, policy=default_policy)
    assert msg["To"] == "redditdatarequests@reddit.com"


def test_cli_eml_header_injection_is_refused(cli):
    result = cli(
        "letter", "--basis", "gdpr-17", "--url", URLS[0], "--platform", "reddit",
        "--name", "Sam\r\nBcc: evil@example.net", "--email", "sam@example.org", "--format", "eml",
    )  # fmt: skip
    assert result.code == 1 and result.stdout == ""
    assert "line break" in result.stderr


def test_cli_urls_from_file_and_search_terms(cli, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# found on 2026-11-20\nhttps://www.google.com/search?q=a\n\nhttps://www.google.com/imgres?x=1\n"
    )
    result = cli(
        "letter", "--basis", "delisting", "--urls-from", listing, "--lang", "en",
        "--name", "Sam", "--email", "sam@example.org", "--search-term", "Sam J", "--search-term", "sam j nude",
    )  # fmt: skip
    assert result.code == 0
    assert (
        "- https://www.google.com/search?q=a\n- https://www.google.com/imgres?x=1\n"
        in result.stdout
    )
    assert "“sam j nude”" in result.stdout
    assert "Dear Google Search" in result.stdout  # platform found from the URLs


def test_cli_mixed_platforms_are_refused(cli):
    result = cli(
        "letter", "--basis", "ncii-policy", "--url", URLS[0], "--url", "https://x.com/a/status/1",
        "--name", "Sam", "--email", "sam@example.org",
    )  # fmt: skip
    assert result.code == 2 and "different platforms" in result.stderr


def test_cli_case_fills_language_country_and_profile(cli, leakhelp_home):
    case = cli("case", "new", "Sam", "--lang", "nl", "--country", "NL", "--json").json_lines()[0]
    from leakhelp import Workspace

    with Workspace(leakhelp_home) as ws:
        ws.set_profile(case["id"], name="Sam Profiel", email="profiel@example.org")
    result = cli("letter", "--basis", "ncii-policy", "--url", URLS[0], "--case", case["id"])
    assert result.code == 0
    assert "Geachte heer, mevrouw," in result.stdout
    assert "Sam Profiel" in result.stdout and "Land: NL" in result.stdout
    typed = cli(
        "letter", "--basis", "ncii-policy", "--url", URLS[0], "--case", case["id"], "--lang", "en",
        "--name", "Typed Name",
    )  # fmt: skip
    assert "Typed Name" in typed.stdout and "Article 139h" in typed.stdout
    assert cli("letter", "--basis", "ncii-policy", "--url", URLS[0], "--case", "nope").code == 3


def test_cli_json_and_output_file(cli, tmp_path):
    out = tmp_path / "letter.eml"
    result = cli(
        "letter", "--basis", "gdpr-17", "--url", "https://x.com/a/status/1", "--lang", "en",
        "--name", "Sam", "--email", "sam@example.org", "--format", "eml", "-o", out, "--json",
    )  # fmt: skip
    assert result.code == 0
    (doc,) = result.json_lines()
    assert doc["platform"] == "x" and doc["basis"] == "gdpr-17" and doc["saved_to"] == str(out)
    assert doc["to"] == "DPO@twitter.com"
    assert out.read_text() == doc["text"]
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


MINOR_ROUTES = {
    "NL": ("Meldpunt Kinderporno", "Helpwanted", "Take It Down"),
    "US": ("NCMEC CyberTipline", "Take It Down"),
    "UK": ("Report Remove", "Take It Down"),
    "BE": ("Child Focus", "stopchildporno.be", "Take It Down"),
    "DE": ("Take It Down",),
}


@pytest.mark.parametrize("country", sorted(MINOR_ROUTES))
def test_cli_minor_points_to_the_minors_routes_of_the_country(cli, country):
    result = cli(
        "letter", "--basis", "dsa-16", "--url", "https://x.com/a/status/1", "--minor",
        "--lang", "en", "--country", country,
    )  # fmt: skip
    assert result.code == 0
    err = " ".join(result.stderr.split())
    for route in MINOR_ROUTES[country]:
        assert route in err, (country, err)
    assert "Never send, forward, save or screenshot the images" in err
    assert "Articles 3 to 7" in result.stdout


# -- right in law, safe for minors ------------------------------------------------
def test_take_it_down_one_in_force_rule_for_letters_and_deadlines():
    before = datetime(2026, 3, 1, 12, tzinfo=UTC)
    after = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert not take_it_down_applies(before) and take_it_down_applies(after)
    assert take_it_down_applies(TAKE_IT_DOWN_IN_FORCE)
    # No 48 hours before 19 May 2026: the follow-up default, or nothing.
    assert due_date("take-it-down", before) is None
    assert due_date("take-it-down", before, default=timedelta(days=7)) == before + timedelta(days=7)
    assert due_date("take-it-down", after) == after + timedelta(hours=48)
    early = _letter("take-it-down", "en", now=before).text
    assert "apply from 19 May 2026" in early
    assert "no later than 48 hours after receiving" in _letter("take-it-down", "en", now=after).text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_take_it_down_good_faith_statement_is_the_depicted_persons(lang):
    from dataclasses import replace

    own = _letter("take-it-down", lang).text
    assert ("I, the identifiable individual depicted, have a good-faith belief" in own) is (
        lang == "en"
    )
    helper = _letter("take-it-down", lang, replace(FULL, on_behalf_of="Alex de Vries")).text
    if lang == "en":
        assert (
            "Alex de Vries, the identifiable individual depicted, has a good-faith belief" in helper
        )
        assert "I have a good-faith belief" not in helper
        assert "I, the identifiable individual" not in helper
    else:
        assert "Alex de Vries, de herkenbare persoon die erop staat, is te goeder trouw" in helper
        assert "Ik, de herkenbare persoon" not in helper


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_take_it_down_relevant_information_field(lang):
    from dataclasses import replace

    details = "I sent it privately to one person in 2023 and never agreed to its publication."
    letter = _letter("take-it-down", lang, replace(FULL, consent_details=details))
    statement = letter.text.split("(iii)")[1].split("(iv)")[0]
    assert details in statement
    assert not any("consent-details" in w for w in letter.warnings)
    bare = _letter("take-it-down", lang)
    assert any("--consent-details" in w for w in bare.warnings)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_us_crime_paragraph_states_the_conditions_for_adults(lang):
    from dataclasses import replace

    text = _letter("ncii-policy", lang, replace(FULL, country="US")).text
    assert "47 U.S.C. § 223(h)" in text
    words = (
        ("reasonable expectation of privacy", "not a matter of public concern", "caused harm")
        if lang == "en"
        else (
            "redelijke verwachting van privacy",
            "geen zaak van publiek belang",
            "schade heeft veroorzaakt",
        )
    )
    for word in words:
        assert word in text
    fake = _letter("ncii-policy", "en", replace(FULL, country="US", deepfake=True)).text
    assert "digital forgery" in fake and "reasonable expectation of privacy" not in fake


DSA_LAW = {
    "NL": ("formerly Article 139h", "voorheen artikel 139h"),
    "BE": ("Articles 417/9 and 417/10", "artikelen 417/9 en 417/10 Strafwetboek"),
    "DE": ("201a", "201a"),
    "FR": ("226-2-1", "226-2-1"),
}
NON_EU_LAW = (
    "66B",
    "Sexual Offences Act",
    "223(h)",
    "TAKE IT DOWN Act",
    "Online Safety Act",
    "eSafety",
)


@pytest.mark.parametrize("country", sorted(DSA_LAW))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dsa_reasons_cite_the_users_eu_country(country, lang):
    from dataclasses import replace

    letter = _letter("dsa-16", lang, replace(FULL, country=country))
    reasons = letter.text.split("(b) ")[0]
    assert DSA_LAW[country][0 if lang == "en" else 1] in reasons
    for other, words in DSA_LAW.items():
        if other != country:
            assert words[0] not in letter.text and words[1] not in letter.text, other
    assert not any(law in letter.text for law in NON_EU_LAW)
    assert "2016/679" in reasons
    unverified = any("not yet checked" in w or "nog niet" in w for w in letter.warnings)
    assert unverified is (country in ("DE", "FR"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dutch_letter_for_a_belgian_user_cites_belgian_law_not_dutch(lang):
    from dataclasses import replace

    for basis in ("ncii-policy", "dsa-16", "gdpr-17"):
        text = _letter(basis, "nl", replace(FULL, country="BE")).text
        assert "417/9" in text and "139h" not in text, basis


@pytest.mark.parametrize("country", ["UK", "US", "AU"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dsa_for_a_non_eu_user_uses_gdpr_and_policy_and_says_why(country, lang):
    from dataclasses import replace

    letter = _letter("dsa-16", lang, replace(FULL, country=country))
    assert not any(law in letter.text for law in NON_EU_LAW), letter.text
    assert "139h" not in letter.text and "417/9" not in letter.text
    assert "2016/679" in letter.text
    assert (
        "outside the European Union" if lang == "en" else "buiten de Europese Unie"
    ) in letter.text
    assert any(country in w and ("EU" in w) for w in letter.warnings)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dmca_statements_do_not_say_my_permission_for_someone_else(lang):
    from dataclasses import replace

    text = _letter("dmca", lang, replace(FULL, on_behalf_of="Alex de Vries")).text
    assert "without my permission" not in text and "mijn toestemming" not in text
    assert "Alex de Vries" in text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dmca_is_refused_for_minors(lang):
    from dataclasses import replace

    with pytest.raises(InputError) as info:
        _letter("dmca", lang, replace(FULL, minor=True))
    message = str(info.value)
    assert "Take It Down" in message and "Report Remove" in message and "Meldpunt" in message


def test_cli_dmca_for_a_minor_exits_1_with_nothing_on_stdout(cli):
    result = cli(
        "letter", "--basis", "dmca", "--url", URLS[0], "--name", "A", "--email", "a@b.example",
        "--work", "a selfie", "--minor", "--lang", "nl",
    )  # fmt: skip
    assert result.code == 1 and not result.stdout
    assert "DMCA" in result.stderr and "minderjarigen" in result.stderr


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dmca_for_a_deepfake_warns_that_copyright_rarely_fits(lang):
    from dataclasses import replace

    letter = _letter("dmca", lang, replace(FULL, deepfake=True))
    assert any("ncii-policy" in w and ("rarely" in w or "zelden" in w) for w in letter.warnings)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_gdpr_for_someone_else_needs_their_written_authorisation(lang):
    from dataclasses import replace

    letter = _letter("gdpr-17", lang, replace(FULL, on_behalf_of="Alex de Vries"))
    assert ("written authorisation" if lang == "en" else "schriftelijke machtiging") in letter.text
    assert ("is attached" if lang == "en" else "is bijgevoegd") in letter.text
    assert "verify my identity" not in letter.text and "mijn identiteit wilt" not in letter.text
    (hint,) = [w for w in letter.warnings if "Alex de Vries" in w]
    assert "Sam Jansen" in hint and "17" in hint
    own = _letter("gdpr-17", lang)
    assert not any("Alex" in w for w in own.warnings)


def test_delisting_is_refused_for_a_platform_that_is_not_a_search_engine(registry):
    with pytest.raises(InputError, match="not a search engine") as info:
        _letter("delisting", "en", platform=registry.get("reddit"))
    assert "ncii-policy" in str(info.value)
    with pytest.raises(InputError, match="geen zoekmachine"):
        _letter("delisting", "nl", platform=registry.get("reddit"))


def test_delisting_urls_elsewhere_give_no_wrong_domain_warning(registry):
    letter = _letter("delisting", "en", platform=registry.get("google-search"))
    assert letter.warnings == ()
    assert letter.form_url == "https://support.google.com/websearch/answer/6302812"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_delisting_deepfakes_go_to_googles_form_for_fakes(registry, lang):
    from dataclasses import replace

    letter = _letter(
        "delisting", lang, replace(FULL, deepfake=True), platform=registry.get("google-search")
    )
    assert letter.form_url == "https://support.google.com/websearch/answer/9116649"
    assert "C-136/17" in letter.text
    assert "not currently being paid" not in letter.text and "niet betaald" not in letter.text
    sheet = _letter(
        "delisting", lang, replace(FULL, deepfake=True), platform=registry.get("google-search"),
        fmt="form",
    ).text  # fmt: skip
    assert "answer/9116649" in sheet and "answer/6302812" not in sheet


def test_form_sheet_for_a_minor_lists_routes_and_never_asks_for_screenshots():
    from dataclasses import replace

    sheet = _letter("ncii-policy", "en", replace(FULL, minor=True, country="NL"), fmt="form").text
    assert "Meldpunt Kinderporno" in sheet and "Take It Down" in sheet
    for line in sheet.splitlines():
        if "screenshot" in line.lower():
            assert "never" in line.lower() or "not" in line.lower(), line


FLAG_SETS = [
    {},
    {"minor": True},
    {"deepfake": True},
    {"on_behalf_of": "Alex de Vries"},
    {"minor": True, "deepfake": True, "on_behalf_of": "Alex de Vries"},
]
MATRIX = [
    (basis, lang, country, flags)
    for basis in BASES
    for lang in ("nl", "en")
    for country in ("NL", "BE", "DE", "UK", "US")
    for flags in range(len(FLAG_SETS))
]


@pytest.mark.parametrize(
    ("basis", "lang", "country", "flags"),
    MATRIX,
    ids=[f"{b}-{lang}-{c}-{f}" for b, lang, c, f in MATRIX],
)
def test_every_basis_language_country_and_flag_reads_right(registry, basis, lang, country, flags):
    from dataclasses import replace

    fields = replace(FULL, country=country, **FLAG_SETS[flags])
    platform = registry.get("google-search" if basis == "delisting" else "reddit")
    if basis == "dmca" and fields.minor:
        with pytest.raises(InputError):
            _letter(basis, lang, fields, platform=platform)
        return
    letter = _letter(basis, lang, fields, platform=platform)
    text = letter.text
    _assert_clean(text)
    assert "screenshot" not in text.lower()
    assert "without my permission" not in text and "mijn toestemming" not in text
    if country == "NL":
        assert "139h" in text and ("formerly" in text or "voorheen" in text)
    else:
        assert "139h" not in text and "240b" not in text
    if basis == "dsa-16":
        assert not any(law in text for law in NON_EU_LAW), text
        assert "actual knowledge of the illegal content" not in text
    if fields.minor:
        assert "2011/93/EU" in text


def test_cli_delisting_urls_on_other_sites_are_not_the_recipient(cli):
    base = ("letter", "--basis", "delisting", "--url", URLS[0], "--name", "A",
            "--email", "a@b.example", "--search-term", "A", "--lang", "en")  # fmt: skip
    plain = cli(*base)
    assert plain.code == 0 and "Reddit" not in plain.stdout
    assert "--platform google-search" in plain.stderr
    google = cli(*base, "--platform", "google-search", "--format", "form")
    assert google.code == 0 and "answer/6302812" in google.stdout
    fake = cli(*base, "--platform", "google", "--deepfake", "--format", "form")
    assert "answer/9116649" in fake.stdout
    many_sites = cli(*base, "--url", "https://x.com/a/status/1")
    assert many_sites.code == 0 and "https://x.com/a/status/1" in many_sites.stdout
    refused = cli(*base, "--platform", "reddit")
    assert refused.code == 1 and not refused.stdout and "not a search engine" in refused.stderr


def test_eml_without_an_address_offers_form_or_to_in_the_same_message(cli):
    result = cli(
        "letter", "--basis", "ncii-policy", "--url", "https://example.org/x",
        "--name", "Sam", "--email", "sam@example.org", "--format", "eml",
    )  # fmt: skip
    assert result.code == 1 and result.stdout == ""  # missing fields: exit 1, nothing written
    (line,) = [x for x in result.stderr.split("\nError: ") if "--to" in x] or [result.stderr]
    err = " ".join(line.split())
    assert "--format form" in err and "--to" in err and "no e-mail address" in err


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("sam@example.org", True),
        ("sam@example.org\n", False),
        ("sam@example.org\nBcc: x@y.zz", False),
    ],
)
def test_an_email_address_is_matched_whole_even_before_a_newline(text, ok):
    assert is_email_address(text) is ok
