"""One wording of a match, in both languages, for photos and videos.

``describe`` is what the scan table, page findings, the web app's results and
the JSON ``explanation`` all say; these pin its words in Dutch and English."""

from __future__ import annotations

import pytest

from leakhelp.matching import Match
from leakhelp.videomatch import VideoMatch, describe


def _photo(*how: str, via: str = "pdq") -> Match:
    return Match("strong", "#1", 0, 4, "flip-y", via, how)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("match", "lang", "words"),
    [
        (_photo("mirrored", "rescaled"), "en", "mirrored, rescaled"),
        (_photo("mirrored", "rescaled"), "nl", "gespiegeld, andere grootte"),
        (_photo(), "en", "same image"),
        (_photo(), "nl", "zelfde beeld"),
        (_photo("cropped", via="region"), "en", "cropped, matched on a part of the image"),
        (
            _photo("cropped", via="region"),
            "nl",
            "bijgesneden, overeenkomst op een deel van het beeld",
        ),
    ],
)
def test_a_photo_match_in_words(match: Match, lang: str, words: str) -> None:
    assert describe(match, lang) == words  # type: ignore[arg-type]


def _video(how: tuple[str, ...], **spans: object) -> VideoMatch:
    return VideoMatch("strong", "#2", 0, 6, how=how, **spans)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("match", "lang", "words"),
    [
        (
            _video(("part", "re-encoded"), original_span=(2.0, 6.0)),
            "en",
            "a 4-second part (0:02-0:06 of your video), re-encoded",
        ),
        (
            _video(("part", "re-encoded"), original_span=(2.0, 6.0)),
            "nl",
            "een stuk van 4 seconden (0:02-0:06 van jouw video), opnieuw gecodeerd",
        ),
        (_video(("frame",), at=67.0), "en", "a frame from 1:07 of your video"),
        (_video(("frame",), at=67.0), "nl", "een beeld uit jouw video, op 1:07"),
        (
            _video(("inside", "mirrored"), copy_span=(10.0, 20.0)),
            "en",
            "inside a longer video (at 0:10-0:20 of it), mirrored",
        ),
        (_video(("whole", "smaller")), "nl", "de hele video, kleiner"),
        # Without its times, a part is still said in words (never a bare key).
        (_video(("part",)), "en", "a part of the video"),
    ],
)
def test_a_video_match_in_words(match: VideoMatch, lang: str, words: str) -> None:
    assert describe(match, lang) == words  # type: ignore[arg-type]


def test_the_photo_shape_of_a_video_match_says_no_times() -> None:
    """Tables that only have the photo shape still get words, not keys."""
    video = _video(("part",), original_span=(2.0, 6.0))
    assert describe(video.as_match(), "en") == "a part of the video"
