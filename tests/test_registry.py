"""The platform registry: the packaged file, URL → platform, user overrides, broken files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from leakhelp.errors import RegistryError, UnknownPlatformError
from leakhelp.registry import (
    BASES,
    GENERIC_LOGIN_MARKERS,
    InputError,
    host_of,
    load_registry,
    load_registry_file,
    normalize_domain,
    parse_registry,
)

FIXTURES = Path(__file__).resolve().parent / "data" / "registry"

# (url, platform id or None) — real-looking addresses, and the traps.
WHICH_TABLE: list[tuple[str, str | None]] = [
    ("https://www.reddit.com/r/x/comments/abc", "reddit"),
    ("https://old.reddit.com/r/x/comments/abc/title/", "reddit"),
    ("https://i.redd.it/abcdef123.jpg", "reddit"),
    ("https://preview.redd.it/abc.png?width=640&format=png", "reddit"),
    ("REDDIT.COM./r/x", "reddit"),
    ("https://www.reddit.com:443/r/x", "reddit"),
    ("//reddit.com/r/x", "reddit"),
    (
        "https://ｒｅｄｄｉｔ.com/r/x",
        "reddit",
    ),  # fullwidth letters: browsers map them to reddit.com
    ("https://reddit.com.evil.example/r/x", None),
    ("https://notreddit.com/r/x", None),
    ("https://reddit.com@evil.example/r/x", None),
    ("https://evil.example\\@reddit.com/", None),
    ("https://evil.example#@reddit.com", None),
    ("https://xn--reddt-q2e.com/r/x", None),  # reddіt.com with a Cyrillic і
    ("https://reddіt.com/r/x", None),
    ("https://user:pass@www.instagram.com/p/Cabc123/", "instagram"),
    ("https://scontent-ams2-1.cdninstagram.com/v/t51/abc.jpg", "instagram"),
    ("https://www.facebook.com/photo/?fbid=1234", "facebook"),
    ("https://scontent.xx.fbcdn.net/v/abc.jpg", "facebook"),
    ("https://m.facebook.com/story.php?id=1", "facebook"),
    ("https://x.com/someone/status/1234567890", "x"),
    ("https://twitter.com/someone/status/1234567890", "x"),
    ("https://pbs.twimg.com/media/abc.jpg", "x"),
    ("https://t.co/AbCdEf", "x"),
    ("https://www.tiktok.com/@someone/video/123", "tiktok"),
    ("https://vm.tiktok.com/ZMabc/", "tiktok"),
    ("https://t.me/somechannel/123", "telegram"),
    ("https://cdn.discordapp.com/attachments/1/2/a.png?ex=abc", "discord"),
    ("https://discord.gg/invite", "discord"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
    ("https://www.pornhub.com/view_video.php?viewkey=abc", "pornhub"),
    ("https://www.youporn.com/watch/123/", "pornhub"),
    ("https://xhamster.com/videos/abc-123", "xhamster"),
    ("https://www.xnxx.com/video-abc/x", "xvideos"),
    ("https://onlyfans.com/someone", "onlyfans"),
    ("https://i.imgur.com/AbCdEf.jpg", "imgur"),
    ("https://www.dropbox.com/s/abc/file.jpg?dl=0", "dropbox"),
    ("https://dl.dropboxusercontent.com/s/abc/file.jpg", "dropbox"),
    ("https://mega.nz/file/AbCd#key", "mega"),
    ("https://drive.google.com/file/d/abc/view", "google-drive"),
    ("https://lh3.googleusercontent.com/abc", "google-drive"),
    ("https://www.google.com/search?q=name&tbm=isch", "google-search"),
    ("https://www.google.nl/imgres?imgurl=x", "google-search"),
    ("https://www.bing.com/images/search?q=x", "bing"),
    ("https://th.bing.com/th/id/OIP.abc", "bing"),
    ("https://someleak.pages.dev/gallery/1", "cloudflare"),
    ("http://104.16.5.5/x", "cloudflare"),
    ("http://1745880325/x", "cloudflare"),  # 104.16.5.5 written as one number
    ("https://bucket.s3.amazonaws.com/a.jpg", "aws"),
    ("https://www.example.org/page", None),
    ("https://localhost/x", None),
    ("http://[2001:db8::1]/x", None),
]


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_packaged_registry_is_big_enough_and_complete(registry):
    assert len(registry) >= 25
    categories = {p.category for p in registry.platforms}
    assert {
        "social",
        "messaging",
        "adult",
        "image-host",
        "cloud-storage",
        "search",
        "cdn",
    } <= categories
    for platform in registry.platforms:
        assert platform.domains, platform.id
        assert platform.channels, platform.id
        assert len(platform.checked) == 10, platform.id
        assert all(c.confidence in ("V", "S", "U") for c in platform.channels), platform.id
        assert platform.suggested_bases, platform.id
        assert set(platform.suggested_bases) <= set(BASES), platform.id


def test_confidence_from_the_reference_is_carried(registry):
    x = registry.get("x")
    tida = next(c for c in x.channels if c.kind == "tida")
    assert tida.confidence == "V" and tida.region == "US"
    # Not a partner in 2023; 2025 press lists disagree: unknown until re-checked.
    assert x.stopncii is None and x.stopncii_confidence == "U"
    reddit_form = next(c for c in registry.get("reddit").channels if c.kind == "ncii")
    assert reddit_form.confidence == "U"  # reddit.com/report is unverified in the notes
    assert reddit_form.url is None and "reddit.com/report" in (reddit_form.note or "")


@pytest.mark.parametrize(("url", "expected"), WHICH_TABLE, ids=[u for u, _ in WHICH_TABLE])
def test_which(registry, url, expected):
    found = registry.which(url)
    assert (found.id if found else None) == expected


def test_which_table_is_large_enough():
    assert len(WHICH_TABLE) >= 30
    assert sum(1 for _u, p in WHICH_TABLE if p is None) >= 8


@pytest.mark.parametrize("url", ["", "   ", "https://", "http://exa mple.com/", "https://a..b/"])
def test_which_of_nonsense_is_none_and_lookup_says_why(registry, url):
    assert registry.which(url) is None
    assert registry.lookup(url).error


def test_host_of_normalizes_like_a_browser():
    assert host_of("HTTPS://WWW.Reddit.COM.:8443/x") == "www.reddit.com"
    assert host_of("reddit.com/r/x") == "reddit.com"
    assert host_of("https://a@b@c.example/") == "c.example"
    assert host_of("https://bücher.example/") == "xn--bcher-kva.example"
    assert host_of("http://0x68.0x10.5.5/") == "104.16.5.5"
    with pytest.raises(InputError):
        host_of("http://999.1.1.1/")


def test_get_accepts_id_name_and_alias_in_any_case(registry):
    assert registry.get("reddit").id == "reddit"
    assert registry.get("REDDIT").id == "reddit"
    assert registry.get("Twitter").id == "x"
    assert registry.get("google search").id == "google-search"
    assert registry.get("  Pornhub (Aylo) ").id == "pornhub"


def test_get_unknown_names_close_matches(registry):
    with pytest.raises(UnknownPlatformError) as info:
        registry.get("redit")
    assert "reddit" in str(info.value)
    assert info.value.exit_code == 2


def test_suggested_bases_order(registry):
    assert registry.get("google-search").suggested_bases[0] == "delisting"
    assert registry.get("reddit").suggested_bases[0] == "ncii-policy"
    assert "take-it-down" in registry.get("x").suggested_bases
    assert registry.get("cloudflare").suggested_bases == ("ncii-policy",)
    assert "dmca" not in registry.get("pinterest").suggested_bases  # no copyright channel known


def test_email_for_basis_comes_from_the_matching_channel(registry):
    reddit = registry.get("reddit")
    assert reddit.email_for("gdpr-17") == "redditdatarequests@reddit.com"
    # The privacy channel before a general contact address.
    assert reddit.email_for("ncii-policy") == "redditdatarequests@reddit.com"
    assert registry.get("facebook").email_for("dmca") == "ip@fb.com"
    assert registry.get("pinterest").email_for("gdpr-17") is None


def test_markers_are_lower_case_and_include_generic_ones(registry):
    instagram = registry.get("instagram")
    removed = registry.removed_markers(instagram)
    assert "sorry, this page isn't available." in removed
    assert "pagina niet gevonden" in removed and "page not found" in removed
    assert all(m == m.lower() for m in removed)
    login = registry.login_markers(instagram)
    assert "/accounts/login" in login and "inloggen" in login
    assert registry.login_markers(None) == tuple(m.lower() for m in GENERIC_LOGIN_MARKERS)


def test_cdn_is_recognised_by_its_headers(registry):
    assert registry.behind({"CF-RAY": "8abc-AMS", "Server": "cloudflare"}).id == "cloudflare"
    assert registry.behind({"server": "nginx"}) is None


# -- broken files ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("invalid_yaml.yaml", ["not valid YAML", "line"]),
        ("missing_field.yaml", ["entry 2", "'nameless'", "missing field 'name'"]),
        ("wrong_type.yaml", ["entry 1", "'typo'", "field 'domains'", "wrong type"]),
        ("duplicate_id.yaml", ["entry 2", "duplicate id 'twin'"]),
        ("bad_domain.yaml", ["'slashy'", "domains[0]", "bad domain"]),
        ("bad_channel.yaml", ["'formless'", "channels[1].kind", "'fax' is not one of"]),
        ("no_target.yaml", ["'formless'", "channels[0]", "needs a url, an email or a note"]),
        ("clashing_domain.yaml", ["shared.example", "'first'", "'second'"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_broken_registry_files_name_the_entry_and_field(fixture, expected):
    with pytest.raises(RegistryError) as info:
        load_registry_file(FIXTURES / fixture)
    message = str(info.value)
    assert str(FIXTURES / fixture) in message
    for part in expected:
        assert part in message, message


def test_wrong_top_level_is_explained():
    with pytest.raises(RegistryError, match="version"):
        parse_registry("platforms: []\n")
    with pytest.raises(RegistryError, match="mapping"):
        parse_registry("- just a list\n")


def test_domains_are_normalized_on_load():
    reg = parse_registry(
        "version: 1\nplatforms:\n  - id: up\n    name: Up\n    domains: [UP.Example., bücher.example]\n"
        "    channels: [{kind: in-app, confidence: U}]\n    checked: 2026-01-02\n"
    )
    assert reg.get("up").domains == ("up.example", "xn--bcher-kva.example")
    assert reg.which("https://www.up.example/x").id == "up"
    assert reg.get("up").checked == "2026-01-02"


# -- the user's own platforms.yaml ------------------------------------------------
def test_user_file_adds_and_overrides(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "user_override.yaml", leakhelp_home / "platforms.yaml")
    reg = load_registry()
    packaged = load_registry(leakhelp_home / "elsewhere")
    assert len(reg) == len(packaged) + 1
    leaky = reg.get("LF")
    assert leaky.name == "Leaky Forum" and leaky.origin.endswith("platforms.yaml")
    assert reg.which("https://img.lf-cdn.example/a.jpg").id == "leakyforum"
    assert "this thread was deleted by a moderator" in reg.removed_markers(leaky)
    reddit = reg.get("reddit")
    assert [c.url for c in reddit.channels] == ["https://support.reddithelp.example/ncii"]
    assert reddit.checked == "2026-11-20"
    assert reddit.domains == packaged.get("reddit").domains  # fields not given are kept
    assert reddit.stopncii is True
    assert reg.which("https://i.redd.it/x.jpg").id == "reddit"


def test_user_file_may_take_over_a_domain(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "platforms.yaml").write_text(
        "version: 1\nplatforms:\n  - id: myhost\n    name: My Host\n    domains: [s3.amazonaws.com]\n"
        "    channels: [{kind: abuse, email: abuse@myhost.example, confidence: V}]\n"
        "    checked: 2026-11-25\n"
    )
    reg = load_registry()
    assert reg.which("https://bucket.s3.amazonaws.com/a.jpg").id == "myhost"
    assert reg.which("https://other.amazonaws.com/a.jpg").id == "aws"


def test_broken_user_file_names_the_file_entry_and_field(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "platforms.yaml").write_text(
        "version: 1\nplatforms:\n  - id: reddit\n    channels: [{kind: ncii, url: 'not a url', confidence: V}]\n"
    )
    with pytest.raises(RegistryError) as info:
        load_registry()
    message = str(info.value)
    assert str(leakhelp_home / "platforms.yaml") in message
    assert "'reddit'" in message and "channels[0].url" in message


# -- the command line -------------------------------------------------------------
def test_cli_list_json(cli):
    result = cli("platforms", "list", "--json")
    assert result.code == 0
    rows = result.json_lines()
    assert len(rows) >= 25
    assert all(isinstance(r["id"], str) and isinstance(r["name"], str) for r in rows)
    assert all(isinstance(r["domains"], list) and r["domains"] for r in rows)


def test_cli_list_human(cli):
    result = cli("platforms", "list")
    assert result.code == 0
    assert "reddit" in result.stdout and "Cloudflare" in result.stdout


def test_cli_which_json(cli):
    result = cli(
        "platforms",
        "which",
        "https://www.reddit.com/r/x/comments/abc",
        "https://reddit.com.evil.example/x",
        "--json",
    )
    assert result.code == 0
    first, second = result.json_lines()
    assert first["url"] == "https://www.reddit.com/r/x/comments/abc"
    assert first["platform"] == "reddit" and first["name"] == "Reddit"
    assert first["channels"][0]["kind"] == "ncii"
    assert first["stopncii"] is True
    assert "take-it-down" in first["suggested_bases"]
    assert second["platform"] is None and second["name"] is None


def test_cli_which_human_says_where_and_what_the_law_asks(cli):
    result = cli("platforms", "which", "https://x.com/a/status/1")
    assert result.code == 0
    out = result.stdout
    assert "https://help.x.com/forms/safety-and-sensitive-content/take-it-down" in out
    assert "48 hours" in out
    assert "leakhelp letter --basis" in out
    assert "leakhelp support" in " ".join(result.stderr.split())


def test_cli_which_bad_url_is_one_failed_input(cli):
    result = cli("platforms", "which", "https://", "https://imgur.com/a", "--json")
    assert result.code == 1
    bad, good = result.json_lines()
    assert bad["platform"] is None and bad["error"]
    assert good["platform"] == "imgur"


def test_cli_show_any_case_and_unknown(cli):
    result = cli("platforms", "show", "TIKTOK", "--json")
    assert result.code == 0
    (doc,) = result.json_lines()
    assert (
        doc["id"] == "tiktok"
        and "this video is currently unavailable" not in doc["removed_markers"]
    )
    missing = cli("platforms", "show", "tiktokk")
    assert missing.code == 2
    assert "tiktok" in missing.stderr and not missing.stdout.strip()


def test_cli_check_file(cli):
    good = cli("platforms", "check", FIXTURES / "user_override.yaml")
    assert good.code == 0
    bad = cli("platforms", "check", FIXTURES / "missing_field.yaml")
    assert bad.code == 3
    assert "nameless" in bad.stderr and "name" in bad.stderr


# -- default recipients, partners, routes, per-channel dates ---------------------
@pytest.mark.parametrize(
    ("platform", "escalation"),
    [("tiktok", "legal@tiktok.com"), ("pornhub", "support@pornhub.com")],
)
def test_escalation_addresses_are_never_the_default_recipient(registry, platform, escalation):
    p = registry.get(platform)
    for basis in p.suggested_bases:
        for deepfake in (False, True):
            assert p.email_for(basis, deepfake=deepfake) != escalation, basis
    assert escalation in {c.email for c in p.escalations()}


def test_default_recipients_are_the_ncii_or_privacy_channel(registry):
    assert registry.get("tiktok").email_for("ncii-policy") == "privacy_dpo_eu@tiktok.com"
    assert registry.get("tiktok").form_for("ncii-policy").url.endswith("/legal/report/privacy")
    assert registry.get("pornhub").email_for("ncii-policy") == "dpo@pornhub.com"
    assert registry.get("pornhub").form_for("ncii-policy").url.endswith("/content-removal")
    assert registry.get("x").email_for("ncii-policy") == "DPO@twitter.com"


def test_packaged_registry_has_no_unverified_default_recipient(registry):
    assert registry.unverified_recipients() == []


def test_every_channel_has_a_confidence_and_a_checked_date(registry):
    for platform in registry.platforms:
        for channel in platform.channels:
            assert channel.confidence in ("V", "S", "U"), platform.id
            assert channel.checked and len(channel.checked) == 10, (platform.id, channel.kind)


def test_stopncii_partners_are_up_to_date(registry):
    google = registry.get("google-search")
    assert google.stopncii is True and google.stopncii_confidence == "S"
    assert "2025" in (google.stopncii_source or "")
    assert registry.get("x").stopncii is None  # re-check on stopncii.org
    for pid in ("facebook", "instagram", "tiktok", "reddit", "snapchat", "onlyfans", "pornhub"):
        assert registry.get(pid).stopncii is True, pid


@pytest.mark.parametrize("pid", ["x", "snapchat", "xvideos", "xhamster", "tumblr"])
def test_hard_platforms_have_a_working_route(registry, pid):
    p = registry.get(pid)
    sure = [c for c in p.channels if c.confidence in ("V", "S") and not c.escalation]
    advice = " ".join(p.notes)
    assert sure or "dsa-16" in advice, pid


def test_snapchat_route_is_the_real_safety_form(registry):
    snap = registry.get("snapchat")
    assert snap.form_for("ncii-policy").url == "https://values.snap.com/safety/safety-reporting"
    assert snap.form_for("ncii-policy").confidence == "V"


@pytest.mark.parametrize("pid", ["instagram", "tiktok", "x", "snapchat"])
def test_very_large_platforms_have_their_dsa_notice_channel(registry, pid):
    dsa = [c for c in registry.get(pid).channels if c.kind == "dsa"]
    assert dsa and dsa[0].confidence in ("V", "S") and dsa[0].note
    assert registry.get(pid).channels_for("dsa-16")[0].kind == "dsa"


def test_google_delisting_forms_for_real_and_fake_images(registry):
    google = registry.get("google-search")
    assert google.form_for("delisting").url.endswith("answer/6302812")
    assert google.form_for("delisting", deepfake=True).url.endswith("answer/9116649")


def test_minors_are_never_told_to_screenshot_in_the_registry(registry):
    for platform in registry.platforms:
        texts = [*platform.notes, *(c.note or "" for c in platform.channels)]
        for text in texts:
            if "screenshot" in text.lower():
                assert "under 18" in text, (platform.id, text)


def test_cli_check_fails_on_an_unverified_default_recipient(cli, tmp_path):
    user = tmp_path / "platforms.yaml"
    user.write_text(
        "version: 1\nplatforms:\n"
        "  - id: leaky\n    name: Leaky\n    domains: [leaky.example]\n    checked: 2026-11-28\n"
        "    channels:\n      - {kind: ncii, email: abuse@leaky.example, confidence: U}\n"
    )
    result = cli("platforms", "check", user)
    assert result.code == 1
    assert "leaky: ncii-policy" in result.stderr and "abuse@leaky.example" in result.stderr
    user.write_text(user.read_text().replace("confidence: U", "confidence: U, escalation: true"))
    assert cli("platforms", "check", user).code == 0
    assert cli("platforms", "check").code == 0  # the registry in use


def test_cli_show_marks_escalation_channels_and_dates(cli):
    text = cli("platforms", "show", "tiktok", "--lang", "en").stdout
    line = next(x for x in text.splitlines() if "legal@tiktok.com" in x)
    assert "escalation only" in line and "checked 2026-" in line


# -- notes in Dutch -----------------------------------------------------------------
#: The platforms people meet most; each note about them has a Dutch version.
MOST_USED = (
    "instagram",
    "facebook",
    "whatsapp",
    "tiktok",
    "snapchat",
    "x",
    "reddit",
    "telegram",
    "youtube",
    "discord",
    "pornhub",
    "google-search",
    "onlyfans",
    "xhamster",
    "xvideos",
)


@pytest.mark.parametrize("pid", MOST_USED)
def test_every_note_of_the_most_used_platforms_is_in_dutch_too(leakhelp_home, pid):
    platform = load_registry().get(pid)
    for channel in platform.channels:
        assert bool(channel.note_nl) == bool(channel.note), (pid, channel.kind)
        if channel.note:
            assert channel.note_in("nl") == channel.note_nl != channel.note
            assert channel.note_in("en") == channel.note
            # Facts stay the same: every address and number in the note is in the Dutch one.
            for fact in re.findall(r"https?://\S+?(?=[);]|\.?$)|\S+@\S+\w|\d+", channel.note):
                assert fact in channel.note_nl, (pid, channel.kind, fact)
    assert len(platform.notes_in("nl")) == len(platform.notes)
    if platform.notes:
        assert platform.notes_in("nl") == platform.notes_nl != platform.notes


def test_a_note_without_dutch_falls_back_to_english_and_old_user_files_stay_valid(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "platforms.yaml").write_text(
        "version: 1\nplatforms:\n"
        "  - id: x\n    name: X\n    domains: [x.com]\n    checked: 2026-11-28\n"
        "    channels:\n      - {kind: in-app, confidence: V, note: Tap Report.}\n"
        "    notes: [Own note.]\n"
        "  - id: leaky\n    name: Leaky\n    domains: [leaky.example]\n    checked: 2026-11-28\n"
        "    channels:\n      - {kind: abuse, url: 'https://leaky.example/r', confidence: U,"
        " note: Use the form., note_nl: Gebruik het formulier.}\n"
    )
    reg = load_registry()
    x = reg.get("x")
    assert x.channels[0].note_in("nl") == "Tap Report."
    assert x.notes_in("nl") == ("Own note.",)  # the packaged Dutch notes were for other notes
    assert reg.get("leaky").channels[0].note_in("nl") == "Gebruik het formulier."


def test_a_dutch_note_needs_the_english_one(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "platforms.yaml").write_text(
        "version: 1\nplatforms:\n"
        "  - id: leaky\n    name: Leaky\n    domains: [leaky.example]\n    checked: 2026-11-28\n"
        "    channels:\n      - {kind: in-app, confidence: U, note_nl: Tik op Melden.}\n"
    )
    with pytest.raises(RegistryError, match="note_nl needs a note"):
        load_registry()


def test_cli_shows_the_notes_in_dutch(cli, leakhelp_home):
    instagram = load_registry().get("instagram")
    in_app = next(c for c in instagram.channels if c.kind == "in-app")
    assert in_app.note and in_app.note_nl
    dutch = cli("--lang", "nl", "platforms", "show", "instagram").stdout
    assert in_app.note_nl in dutch and in_app.note not in dutch
    assert instagram.notes_nl[0] in dutch
    english = cli("--lang", "en", "platforms", "show", "instagram").stdout
    assert in_app.note in english and in_app.note_nl not in english
    x = load_registry().get("x")
    which = cli("--lang", "nl", "platforms", "which", "https://x.com/iemand/status/1").stdout
    assert all(c.note_nl in which for c in x.channels if c.note_nl)
    assert not any(c.note in which for c in x.channels if c.note)
    assert x.notes_nl[0] in which and x.notes[0] not in which
    assert "tida [alleen US]" in which
    assert "tida [US only]" in cli("--lang", "en", "platforms", "which", "https://x.com/a").stdout


@pytest.mark.parametrize("name", ["example\n.com", "example.com\n.", "exa\nmple.com"])
def test_a_host_label_with_a_newline_is_no_host_name(name):
    with pytest.raises(ValueError, match="not a valid host name"):
        normalize_domain(name)
