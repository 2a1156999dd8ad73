"""Status checks against a real, misbehaving server on 127.0.0.1 (tests/checkserver.py).

The address guard stays on in these tests: it lets exactly 127.0.0.1
through (``allow_address``), so every redirect to another address is refused
by the same code that protects users. An audit hook fails the module if any
code here connects to, or looks up, anything but a loopback address.
"""

from __future__ import annotations

import ipaddress
import ssl
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from leakhelp.checks import (
    IMAGE_CAP,
    CheckSettings,
    CheckTarget,
    Classifier,
    Fetched,
    GenericMarkers,
    NameNotResolved,
    check_urls,
    is_public_address,
    looks_like_login,
    parse_retry_after,
)
from leakhelp.fingerprint import fingerprint_file, hamming
from leakhelp.models import CheckResult, Fingerprint, ImageMatch

from checkserver import CheckServer
from conftest import PHOTOS

# -- never leave loopback ---------------------------------------------------------------

_GUARD = {"on": False, "violations": []}


def _loopback(host: object) -> bool:
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _GUARD["on"]:
        return
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else address
        if not _loopback(host):
            _GUARD["violations"].append(f"connect {address}")
            raise RuntimeError(f"test tried to connect to {address}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host is not None and not _loopback(host):
            _GUARD["violations"].append(f"lookup {host}")
            raise RuntimeError(f"test tried to look up {host}")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    _GUARD["on"] = True
    _GUARD["violations"] = []
    try:
        yield
    finally:
        _GUARD["on"] = False
    assert _GUARD["violations"] == [], _GUARD["violations"]


# -- fixtures ---------------------------------------------------------------------------------


ONLY_LOCALHOST = ipaddress.ip_address("127.0.0.1")
FAST = CheckSettings(timeout=1.0, backoff=0.05)
_KEYS = iter(range(1_000_000))


def unique(path: str) -> str:
    """A path the stateful routes have not seen yet (rate limits count per path)."""
    return f"{path}{next(_KEYS)}-{time.monotonic_ns()}"


def check(
    urls: list[str | CheckTarget], settings: CheckSettings = FAST, **kwargs: object
) -> list[CheckResult]:
    kwargs.setdefault("allow_address", lambda ip: ip == ONLY_LOCALHOST)
    return check_urls(urls, settings=settings, **kwargs)  # type: ignore[arg-type]


def check_one(url: str, settings: CheckSettings = FAST, **kwargs: object) -> CheckResult:
    (result,) = check([url], settings, **kwargs)
    return result


class CaseMatcher:
    """The case's images as fingerprints; PDQ within 31 bits (Meta's threshold) = strong."""

    def __init__(self, *names: str) -> None:
        self.fps = [fingerprint_file(PHOTOS / n) for n in names]
        self.calls = 0

    def __call__(self, fp: Fingerprint) -> ImageMatch:
        self.calls += 1
        best = min(hamming(fp.pdq, v) for f in self.fps for v in f.dihedral)
        return "strong" if best <= 31 else "possible" if best <= 50 else "none"


@pytest.fixture(scope="module")
def coffee() -> CaseMatcher:
    return CaseMatcher("coffee.png")


# -- classification -------------------------------------------------------------------------

CASES = [
    ("/page/plain", "online", 200, "the page is up"),
    ("/status/404", "removed", 404, "gone"),
    ("/status/410", "removed", 410, "gone"),
    ("/status/451", "removed", 451, "legal"),
    ("/status/401", "unknown", 401, "access denied"),
    ("/status/403", "unknown", 403, "access denied"),
    ("/status/418", "unknown", 418, "unexpected"),
    ("/status/500", "unreachable", 500, "problem"),
    ("/status/502", "unreachable", 502, "problem"),
    ("/soft404/en", "removed", 200, "this page isn't available"),
    ("/soft404/nl", "removed", 200, "deze inhoud is niet beschikbaar"),
    ("/soft404/x", "removed", 200, "this page doesn't exist"),
    ("/soft404/script-only", "online", 200, "the page is up"),
    ("/gzip-soft404", "removed", 200, "not available"),
    ("/login-redirect", "unknown", 302, "login page"),
    ("/login-wall", "unknown", 200, "log in to continue"),
    ("/meta-login", "unknown", 200, "login page"),
    ("/meta-gone", "removed", 404, "gone"),
    ("/meta-slow", "online", 200, "the page is up"),
    ("/latin1-gone", "removed", 200, "deze pagina is niet beschikbaar"),
    ("/challenge", "unknown", 403, "bot check"),
    ("/challenge-200", "unknown", 200, "bot check"),
    ("/imgur-gone", "removed", 200, "removed"),
    ("/empty", "unknown", 200, "without any content"),
    ("/video.mp4", "online", 200, "the address serves a video (HTTP 200)"),
    ("/huge.bin", "online", 200, "application/octet-stream"),
    ("/loop/a", "unreachable", None, "circle"),
    ("/self-cookie", "online", 200, "the page is up"),
    ("/chain/3", "online", 200, "the page is up"),
    ("/chain/11", "unreachable", None, "more than 10 redirects"),
    ("/reset", "unreachable", None, "broken off"),
    ("/reset-mid", "unreachable", None, "broken off"),
    ("/slow", "unreachable", None, "no answer within 0.5 s"),
    ("/slow-body", "unreachable", None, "no answer within 0.5 s"),
    ("/photo/coffee.png", "online", 200, "serves an image"),
]


def test_every_kind_of_answer_is_classified_with_a_reason(server):
    settings = CheckSettings(timeout=0.5, backoff=0.05)
    results = check([server.url(p) for p, *_ in CASES], settings)
    problems = []
    for (path, state, status, words), result in zip(CASES, results, strict=True):
        if (result.state, result.http_status) != (state, status) or words not in result.reason:
            problems.append(f"{path}: {result.state} {result.http_status} {result.reason!r}")
        assert "\n" not in result.reason
    assert problems == []


def test_results_keep_the_input_order_and_the_same_url_is_fetched_once(server):
    path = "/page/plain"
    before = server.stats.hits[path]
    urls = [server.url(path), server.url("/status/404"), server.url(path)]
    results = check(urls)
    assert [r.url for r in results] == urls
    assert [r.state for r in results] == ["online", "removed", "online"]
    assert server.stats.hits[path] - before == 1


def test_a_result_is_the_evidence_record(server):
    fixed = datetime(2026, 3, 1, 12, 30, 5, 123, tzinfo=UTC)
    result = check_one(server.url("/chain/2"), now=lambda: fixed)
    assert result.checked_at == "2026-03-01T12:30:05Z"
    assert result.final_url == server.url("/chain/0")
    assert result.http_status == 200
    assert result.elapsed_ms is not None and result.elapsed_ms >= 0


def test_the_user_agent_names_leakhelp_and_why(server):
    check_one(server.url("/page/plain"))
    agent = server.stats.user_agents[-1]
    assert agent.startswith("leakhelp/")
    assert "takedown" in agent


def test_bad_urls_do_not_stop_the_batch(server):
    results = check(
        ["not a url", "ftp://example.org/x", "file:///etc/passwd", server.url("/page/plain")]
    )
    assert [r.state for r in results] == ["unknown", "unknown", "unknown", "online"]
    assert "not a web address" in results[0].reason
    assert "only http and https" in results[1].reason
    assert "only http and https" in results[2].reason


def test_progress_is_reported_per_url(server):
    class Recorder:
        def __init__(self) -> None:
            self.total: int | None = None
            self.steps = 0
            self.finished = False

        def start(self, total: int | None, description: str) -> None:
            self.total = total

        def advance(self, step: int = 1) -> None:
            self.steps += step

        def finish(self) -> None:
            self.finished = True

    recorder = Recorder()
    check([server.url("/page/plain"), server.url("/status/404")], progress=recorder)
    assert (recorder.total, recorder.steps, recorder.finished) == (2, 2, True)


# -- retries and Retry-After -------------------------------------------------------------------


def test_429_with_retry_after_seconds_is_honoured_then_retried(server):
    path = unique("/ratelimited/")
    result = check_one(server.url(path))
    assert result.state == "online"
    first, second = server.stats.times[path]
    assert second - first >= 0.9  # the server asked for 1 s


def test_429_with_an_http_date_is_honoured(server):
    path = unique("/ratelimited-date/")
    assert check_one(server.url(path)).state == "online"
    assert server.stats.hits[path] == 2


def test_a_retry_after_beyond_the_cap_is_not_waited_for(server):
    before = server.stats.hits["/ratelimited-long"]
    result = check_one(server.url("/ratelimited-long"))
    assert (result.state, result.http_status) == ("unknown", 429)
    assert "slow down" in result.reason
    assert server.stats.hits["/ratelimited-long"] - before == 1


def test_503_is_retried_with_backoff_then_reported_unreachable(server):
    path = unique("/busy/")
    result = check_one(server.url(path))
    assert (result.state, result.http_status) == ("unreachable", 503)
    assert server.stats.hits[path] == FAST.max_attempts


def test_a_503_that_recovers_is_online(server):
    path = unique("/busy-once/")
    assert check_one(server.url(path)).state == "online"
    assert server.stats.hits[path] == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), ("0", 0.0), ("Sun, 01 Mar 2026 12:00:10 GMT", 10.0),
     ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0), ("soon", None), ("", None)],
    ids=["seconds", "zero", "http-date", "date-in-the-past", "garbage", "empty"],
)  # fmt: skip
def test_parse_retry_after(value, expected):
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(value, now=now) == expected


# -- byte caps ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/huge.html", "/huge.bin", "/huge.jpg", "/huge-unsized.jpg"])
def test_a_2_gb_answer_is_not_downloaded(server, coffee, path):
    # How long it takes is measured in benchmarks/stalls.py, not asserted here.
    result = check_one(server.url(path), CheckSettings(timeout=20), image_matcher=coffee)
    assert result.state == "online"
    sent = server.stats.bytes_sent[path]
    # What the server managed to push: our cap plus socket buffers, not 2 GB.
    assert sent < IMAGE_CAP + 32 * 1024 * 1024, sent
    if path.endswith(".jpg"):
        assert result.image_match is None
        assert "too large" in result.reason


def test_a_gzip_bomb_is_decoded_only_up_to_the_cap(server):
    # 64 MB of zeros in ~64 KB of gzip; we asked for "identity", it came anyway.
    tracemalloc.start()
    try:
        result = check_one(server.url("/gzip-bomb"), CheckSettings(timeout=5))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.state == "online"
    # The 2 MB cap and the few copies parsing makes of it; not the 64 MB.
    assert peak < 32 * 1024 * 1024, peak


# -- is it still their image? -----------------------------------------------------------------

IMAGE_CASES = [
    ("/photo/coffee.png", "strong", "still serves the image"),
    ("/photo/coffee-small.jpg", "strong", "still serves the image"),
    ("/photo/coffee-octet", "strong", "still serves the image"),
    ("/photo/chelsea.png", "none", "different image"),
    ("/photo/broken.jpg", None, "could not be read as an image"),
    ("/page/og", "strong", "the page still shows the image"),
    ("/page/twitter", "strong", "the page still shows the image"),
    ("/page/og-other", "none", "shows a different image"),
    ("/page/og-missing", None, "could not be fetched"),
    ("/page/og-private", None, "could not be fetched"),
    ("/page/plain", None, "no preview image"),
    ("/soft404/with-image", "strong", "although it says"),
]


def test_served_images_are_compared_with_the_case(server, coffee):
    results = check([server.url(p) for p, *_ in IMAGE_CASES], image_matcher=coffee)
    problems = []
    for (path, match, words), result in zip(IMAGE_CASES, results, strict=True):
        if result.image_match != match or words not in result.reason or result.state != "online":
            problems.append(f"{path}: {result.state} {result.image_match} {result.reason!r}")
    assert problems == []


def test_a_soft_404_page_without_the_image_is_removed_even_with_a_matcher(server, coffee):
    result = check_one(server.url("/soft404/en"), image_matcher=coffee)
    assert (result.state, result.image_match) == ("removed", None)


def test_without_a_case_images_are_not_compared(server):
    result = check_one(server.url("/photo/coffee.png"))
    assert (result.state, result.image_match) == ("online", None)


def test_each_target_brings_its_own_case(server, coffee):
    chelsea = CaseMatcher("chelsea.png")
    url = server.url("/photo/chelsea.png")
    results = check([CheckTarget(url, coffee), CheckTarget(url, chelsea)])
    assert [r.image_match for r in results] == ["none", "strong"]


def test_a_matcher_that_takes_bytes_gets_them_in_memory(server):
    seen: list[int] = []

    class BytesMatcher:
        def __call__(self, fp: Fingerprint) -> ImageMatch:
            raise AssertionError("match_bytes should be preferred")

        def match_bytes(self, data: bytes) -> ImageMatch:
            seen.append(len(data))
            return "possible"

    result = check_one(server.url("/page/og"), image_matcher=BytesMatcher())
    assert result.image_match == "possible"
    assert seen == [len(server.coffee_small)]


def test_nothing_is_written_while_checking(server, coffee, leakhelp_home, tmp_path):
    before = sorted(tmp_path.rglob("*"))
    check([server.url("/photo/coffee.png"), server.url("/page/og")], image_matcher=coffee)
    assert sorted(tmp_path.rglob("*")) == before
    assert not leakhelp_home.exists()


# -- markers from a registry ---------------------------------------------------------------------


class FakePlatform:
    id = "reddit"


class FakeRegistry:
    """The interface of leakhelp.registry.Registry that checks use."""

    def which(self, url: str) -> FakePlatform | None:
        return FakePlatform() if "/soft404/registry" in url or "reddit.com" in url else None

    def removed_markers(self, platform: object | None) -> tuple[str, ...]:
        own = ("[removed]", "sorry, this post was removed by reddit's filters") if platform else ()
        return (*own, "page not found")

    def login_markers(self, platform: object | None) -> tuple[str, ...]:
        return ("/i/flow/login", "inloggen", "log in to continue")


def _page(body: str, title: str = "Post", url: str = "https://www.reddit.com/r/x/1") -> Fetched:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return Fetched(
        url=url,
        final_url=url,
        status=200,
        content_type="text/html",
        body=html.encode(),
        kind="html",
    )


def test_registry_markers_are_used_per_platform(server):
    classifier = Classifier(markers=FakeRegistry())
    result = check_one(server.url("/soft404/registry"), classifier=classifier)
    assert (result.state, result.platform) == ("removed", "reddit")
    # The same page without the registry: the generic markers do not know it.
    assert check_one(server.url("/soft404/registry")).state == "online"


@pytest.mark.parametrize(
    ("body", "title", "state"),
    [
        ("<p>a comment: [removed]</p><img src=x>", "Post", "online"),
        ("<p>nothing</p>", "[removed]", "removed"),
        ("<nav>Inloggen</nav><p>photos</p>", "Album", "online"),
        ("<form>user</form>", "Inloggen", "unknown"),
        ("<p>Log in to continue</p>", "Album", "unknown"),
        ("<script>var m='page not found'</script><p>photos</p>", "Album", "online"),
        ("<!-- page not found --><p>photos</p>", "Album", "online"),
        ("<p>Page not found</p>", "Album", "removed"),
        ("<form>Please fill in the captcha to comment</form><p>photos</p>", "Album", "online"),
        ("<p>one moment</p>", "hCaptcha", "unknown"),
        ("<p>Checking your browser before accessing.</p>", "Wait", "unknown"),
    ],
    ids=["word-in-text", "word-in-title", "login-word-in-menu", "login-word-in-title",
         "login-phrase", "marker-in-script", "marker-in-comment", "phrase-in-text",
         "captcha-in-a-form", "captcha-title", "challenge-phrase"],
)  # fmt: skip
def test_where_markers_count(body, title, state):
    verdict = Classifier(markers=FakeRegistry()).classify(_page(body, title))
    assert verdict.state == state


def test_a_redirect_to_a_registry_login_path_is_a_login_wall():
    classifier = Classifier(markers=FakeRegistry())
    assert classifier.is_login_url("https://x.com/i/flow/login?redirect_after_login=%2Fa")
    assert not classifier.is_login_url("https://x.com/a/status/1")


@pytest.mark.parametrize(
    ("url", "login"),
    [("https://www.instagram.com/accounts/login/?next=/p/abc/", True),
     ("https://example.org/login?next=/x", True),
     ("https://example.org/users/sign_in", True),
     ("https://accounts.google.com/ServiceLogin", True),
     ("https://example.org/auth/", True),
     ("https://example.org/p/abc", False),
     ("https://example.org/blog/authors", False)],
    ids=["instagram", "login-next", "sign_in", "google", "auth", "post", "authors"],
)  # fmt: skip
def test_looks_like_login(url, login):
    assert looks_like_login(url) is login


# -- the address guard ------------------------------------------------------------------------------

PRIVATE_TARGETS = [
    "http://10.0.0.1/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:{port}/page/plain",
    "http://127.0.0.2:{port}/page/plain",
    "http://[::ffff:10.0.0.1]/x",
    "http://[::ffff:127.0.0.2]:{port}/x",
    "http://0.0.0.0:{port}/page/plain",
    "http://100.64.0.1/x",
    "http://192.168.1.1/x",
    "http://172.16.0.1/x",
    "http://[fd00::1]/x",
    "http://[fe80::1]/x",
    "http://224.0.0.1/x",
    "http://[2002:a00:1::]/x",
]


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_redirect_to_a_private_address_is_refused_before_connecting(server, target):
    location = target.format(port=server.port)
    result = check_one(server.url("/redirect?" + httpx.QueryParams({"to": location}).__str__()))
    assert result.state == "unknown"
    assert "refused" in result.reason
    assert "--allow-private" in result.reason


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_private_address_is_refused_directly(target, server):
    assert "refused" in check_one(target.format(port=server.port)).reason


def test_a_host_name_is_resolved_checked_and_pinned(server):
    lookups: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    url = f"http://pinned.test:{server.port}/page/plain"
    result = check_one(url, resolver=resolver)
    assert result.state == "online"
    assert lookups == ["pinned.test"]  # one lookup: no second one to rebind
    assert server.stats.hosts[-1] == f"pinned.test:{server.port}"


def test_a_name_that_rebinds_after_the_check_cannot_reach_the_private_address(server):
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    result = check_one(f"http://rebind.test:{server.port}/page/plain", resolver=rebinding)
    assert result.state == "online"
    assert next(answers) == ["10.0.0.1"]  # only one answer was used


@pytest.mark.parametrize(
    "answer", [["10.0.0.1"], ["93.184.216.34", "10.0.0.1"], ["::ffff:169.254.169.254"]],
    ids=["private", "mixed", "mapped-metadata"],
)  # fmt: skip
def test_a_name_resolving_to_any_private_address_is_refused(answer):
    async def resolver(host: str, port: int) -> list[str]:
        return answer

    result = check_one("http://internal.test/x", resolver=resolver)
    assert result.state == "unknown"
    assert "refused: internal.test" in result.reason


def test_an_unknown_host_name_is_unreachable():
    async def resolver(host: str, port: int) -> list[str]:
        raise NameNotResolved(host)

    result = check_one("https://no-such-host.test/x", resolver=resolver)
    assert (result.state, result.http_status) == ("unreachable", None)
    assert "no-such-host.test" in result.reason


def test_urls_with_credentials_are_refused_without_a_request(server):
    before = sum(server.stats.hits.values())
    result = check_one(f"http://user:secret@127.0.0.1:{server.port}/page/plain")
    assert result.state == "unknown" and "user name or password" in result.reason
    assert sum(server.stats.hits.values()) == before


def test_allow_private_lets_local_addresses_through(server):
    settings = CheckSettings(timeout=1, allow_private=True)
    result = check_one("http://127.0.0.2:9/x", settings, allow_address=None)
    assert result.state == "unreachable"
    assert "could not connect" in result.reason


def test_the_guard_also_holds_with_an_injected_transport(server):
    transport = httpx.AsyncHTTPTransport()
    redirect = server.url("/redirect?to=http://10.0.0.1/x")
    results = check([server.url("/page/plain"), redirect], transport=transport)
    assert [r.state for r in results] == ["online", "unknown"]
    assert "refused" in results[1].reason


@pytest.mark.parametrize(
    ("address", "public"),
    [("93.184.216.34", True), ("2606:4700::1111", True), ("8.8.8.8", True),
     ("10.1.2.3", False), ("127.0.0.1", False), ("0.0.0.0", False), ("169.254.169.254", False),
     ("100.64.0.1", False), ("192.168.0.1", False), ("172.31.255.255", False),
     ("224.0.0.251", False), ("240.0.0.1", False), ("255.255.255.255", False),
     ("::1", False), ("::", False), ("fe80::1", False), ("fc00::1", False), ("fd12:3456::1", False),
     ("ff02::1", False), ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True),
     ("2002:0a00:0001::", False), ("64:ff9b::a00:1", False), ("fec0::1", False)],
)  # fmt: skip
def test_is_public_address(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


# -- politeness: concurrency limits -------------------------------------------------------------


def test_the_per_host_limit_is_honoured(server):
    server.stats.max_in_flight.clear()
    settings = CheckSettings(timeout=5, concurrency=10, per_host=2)
    urls = [server.url(unique("/slowish/")) for _ in range(8)]
    results = check(urls, settings)
    assert {r.state for r in results} == {"online"}
    assert server.stats.max_in_flight["127.0.0.1 slowish"] == 2


def test_the_global_limit_holds_across_hosts(server):
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    server.stats.max_in_flight.clear()
    settings = CheckSettings(timeout=5, concurrency=3, per_host=2)
    urls = [f"http://{h}.test:{server.port}{unique('/slowish/')}" for h in "abc" for _ in range(4)]
    results = check(urls, settings, resolver=resolver)
    assert {r.state for r in results} == {"online"}
    stats = server.stats.max_in_flight
    assert max(stats[f"{h}.test slowish"] for h in "abc") == 2
    assert stats["slowish"] == 3


def test_settings_are_validated():
    from leakhelp.errors import UsageError

    with pytest.raises(UsageError):
        CheckSettings(timeout=0)
    with pytest.raises(UsageError):
        CheckSettings(per_host=0)


# -- HTTPS through the pinned connection ------------------------------------------------------

TLS = PHOTOS.parents[1] / "tests" / "data" / "tls"


@pytest.fixture(scope="module")
def tls_server() -> Iterator[CheckServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "leaf.pem", TLS / "leaf.key")
    with CheckServer(tls=context) as srv:
        yield srv


def _trust_test_ca() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(TLS / "ca.pem"))


async def _to_loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def test_https_to_a_pinned_address_checks_the_certificate_by_name(tls_server):
    url = f"https://pinned.test:{tls_server.port}/status/404"
    result = check_one(url, resolver=_to_loopback, verify=_trust_test_ca())
    assert (result.state, result.http_status) == ("removed", 404)
    assert tls_server.stats.hosts[-1] == f"pinned.test:{tls_server.port}"


def test_https_with_a_certificate_for_another_name_is_refused(tls_server):
    before = sum(tls_server.stats.hits.values())
    url = f"https://other.test:{tls_server.port}/page/plain"
    result = check_one(url, resolver=_to_loopback, verify=_trust_test_ca())
    assert result.state == "unreachable"
    assert "certificate" in result.reason
    assert sum(tls_server.stats.hits.values()) == before  # no request was sent


def test_https_with_an_untrusted_certificate_is_refused(tls_server):
    url = f"https://pinned.test:{tls_server.port}/page/plain"
    result = check_one(url, resolver=_to_loopback)  # the system's CAs only
    assert result.state == "unreachable"
    assert "certificate" in result.reason


def test_waiting_for_an_image_slot_does_not_count_against_the_timeout(server):
    """Images are hashed two at a time; the ones waiting their turn must not time out."""

    class SlowMatcher:
        def __call__(self, fp: Fingerprint) -> ImageMatch:
            time.sleep(0.4)  # a slow machine hashing a big photo
            return "strong"

    urls = [server.url(f"/photo/coffee-small.jpg?n={i}") for i in range(8)]
    results = check(urls, CheckSettings(timeout=1.0), image_matcher=SlowMatcher())
    assert [r.image_match for r in results] == ["strong"] * 8


# -- hostile pages and time budgets ------------------------------------------------------------------


def test_hostile_pages_do_not_stall_the_healthy_ones(server):
    """2 MB pages built to make regular expressions quadratic, next to two healthy ones:
    every one is classified on its own merits; none runs out of time because of another."""
    from checkserver import HOSTILE_PATTERNS

    hostile = [server.url(f"/hostile/{name}") for name in HOSTILE_PATTERNS]
    healthy = [server.url("/page/plain"), server.url("/soft404/en")]
    results = check([*hostile, *healthy], CheckSettings(timeout=5))
    by_url = {r.url: r for r in results}
    for url in hostile:
        assert (by_url[url].state, by_url[url].reason_key) == ("online", "check.page"), url
    assert by_url[healthy[0]].state == "online"
    assert by_url[healthy[1]].state == "removed"


def test_429_along_a_redirect_chain_stays_within_the_url_budget(server):
    """Each hop asks for a 2 s pause; a URL may take 3 x 1 s in all, so the chain is
    cut short and reported as rate-limited instead of being followed to its end."""
    key = f"k{next(_KEYS)}"
    result = check_one(server.url(f"/ratelimited-chain/{key}/6"), CheckSettings(timeout=1))
    assert (result.state, result.http_status, result.reason_key) == (
        "unknown",
        429,
        "check.rate_limited",
    )
    assert server.stats.hits[f"/ratelimited-chain/{key}/0"] == 0
    assert sum(n for p, n in server.stats.hits.items() if f"/{key}/" in p) <= 4


def test_a_url_budget_covers_every_hop(server):
    """A slow server on every hop: the whole URL ends with the budget, not per hop."""
    settings = CheckSettings(timeout=0.5, url_budget=0.3)
    result = check_one(server.url("/slow"), settings)
    assert (result.state, result.reason_key) == ("unreachable", "check.budget")
    assert "0.3 s in all" in result.reason


@pytest.mark.parametrize("path", ["/encoded/br", "/encoded/corrupt-gzip"])
def test_bodies_that_never_decode_are_not_read_to_the_end(server, path):
    result = check_one(server.url(path), CheckSettings(timeout=5))
    assert (result.state, result.http_status, result.reason_key) == (
        "unknown",
        200,
        "check.encoded",
    )
    assert "compressed" in result.reason
    # Our 64 KB of undecodable bytes plus socket buffers, not the 2 GB on offer.
    assert server.stats.bytes_sent[path] < 16 * 1024 * 1024


class StallingMarkers(GenericMarkers):
    """A registry lookup that holds the event loop for 1.5 s on one address: the kind of
    slow caller code a batch must survive without blaming the other sites."""

    def which(self, url: str) -> None:
        if "stall" in url:
            time.sleep(1.5)
        return None


def test_a_url_whose_clock_ran_while_the_loop_stood_still_is_checked_again(server):
    stalling = server.url("/redirect?to=/page/plain%3Fstall")
    slow_but_fine = server.url(f"/slowish/{next(_KEYS)}?sleep=0.4")
    results = check(
        [stalling, slow_but_fine],
        CheckSettings(timeout=1.0),
        classifier=Classifier(markers=StallingMarkers()),
    )
    assert [r.state for r in results] == ["online", "online"]
    assert results[1].reason_key == "check.page"
