"""Matching: the index, the tiers, each transform family, borders, crops and hard negatives.

Real photos (examples/photos), real files written by the tests, the same
transforms as benchmarks/robustness.py.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from leakhelp import SqliteStore
from leakhelp.export import parse_export, read_export, write_export
from leakhelp.fingerprint import fingerprint_file, fingerprint_image, pdq_of_pixels
from leakhelp.imaging import decode_image
from leakhelp.matching import (
    POSSIBLE_DISTANCE,
    REGION_DISTANCE,
    STREAMED_SEARCHES,
    STRONG_DISTANCE,
    TABLES_FROM_IMAGES,
    FingerprintTable,
    HashIndex,
    MatchIndex,
    SubstringIndex,
    hex_distance,
    pack_hashes,
    scan_files,
)
from leakhelp.models import Fingerprint
from leakhelp.regions import (
    REGION_BOXES,
    REGION_COUNT,
    REGION_SIDE,
    content_boxes,
    region_hashes,
    trim_box,
)

from conftest import OWN_PHOTOS, PDQ_DATA, PHOTOS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import robustness  # the benchmark's transforms are the tests' transforms


def _load(name: str) -> Image.Image:
    return decode_image(PHOTOS / name).image


@pytest.fixture(scope="module")
def originals() -> dict[str, Image.Image]:
    return {name: _load(name) for name in OWN_PHOTOS}


@pytest.fixture(scope="module")
def index(originals: dict[str, Image.Image]) -> MatchIndex:
    return MatchIndex((name, fingerprint_image(im, regions=True)) for name, im in originals.items())


def _save(im: Image.Image, path: Path, fmt: str = "JPEG", quality: int = 85) -> Path:
    im.save(path, fmt, **({"quality": quality} if fmt in ("JPEG", "WEBP") else {}))
    return path


# -- packed hashes ---------------------------------------------------------------------
def test_packed_distances_equal_python_popcount():
    rng = random.Random(7)
    stored = [f"{rng.getrandbits(256):064x}" for _ in range(1000)]
    index = HashIndex.from_hex(stored)
    query = f"{rng.getrandbits(256):064x}"
    got = index.distances(query)
    assert got.dtype == np.uint16
    assert got.tolist() == [hex_distance(query, h) for h in stored]
    assert index.distances(stored[5])[5] == 0
    far = f"{int(stored[3], 16) ^ ((1 << 256) - 1):064x}"  # every bit flipped
    assert index.distances(far)[3] == 256


def test_within_returns_the_nearest_first():
    base = "0" * 64
    stored = ["f" * 64, "0" * 63 + "7", base, "0" * 62 + "ff"]
    rows, dists = HashIndex.from_hex(stored).within([base], 8)
    assert rows.tolist() == [2, 1, 3]
    assert dists.tolist() == [0, 3, 8]


def test_an_empty_index_matches_nothing(originals):
    empty = MatchIndex([])
    assert len(empty) == 0
    assert empty.match_image(originals["coffee.png"])[0] is None
    assert pack_hashes([]).shape == (4, 0)


# -- region hashes ---------------------------------------------------------------------
def test_region_hashes_are_pdq_of_the_crops(originals):
    """The matrix form gives bit for bit the PDQ hash of the cropped pixels."""
    im = originals["chelsea.png"]
    regions = region_hashes(im)
    assert len(regions) == REGION_COUNT == 255
    work = np.asarray(im.resize((REGION_SIDE, REGION_SIDE), Image.Resampling.BOX))
    for k in (0, 17, 100, 254):
        left, top, right, bottom = REGION_BOXES[k]
        a, b = round(left * REGION_SIDE), REGION_SIDE - round(right * REGION_SIDE)
        c, d = round(top * REGION_SIDE), REGION_SIDE - round(bottom * REGION_SIDE)
        expected, _q, _d = pdq_of_pixels(work[c:d, a:b])
        assert regions[k] == expected, k


def test_originals_get_regions_only_when_asked():
    plain = fingerprint_file(PHOTOS / "coffee.png")
    full = fingerprint_file(PHOTOS / "coffee.png", regions=True)
    assert plain.regions == () and plain.trimmed == ()
    assert len(full.regions) == REGION_COUNT
    assert full.pdq == plain.pdq  # the primary hash is never trimmed or changed


# -- borders -----------------------------------------------------------------------------
def test_trim_finds_letterbox_bars(originals):
    photo = originals["rocket.jpg"]
    boxed = robustness.letterbox(photo)
    left, top, right, bottom = trim_box(boxed) or (0, 0, 0, 0)
    pw, ph = photo.size
    assert abs((right - left) - pw) <= 4 and abs((bottom - top) - ph) <= 4
    assert trim_box(photo) is None  # a photo without borders is left alone


def test_screenshot_is_cut_into_its_photo_block(originals):
    shot = robustness.screenshot(originals["chelsea.png"])
    _trimmed, blocks = content_boxes(shot)
    assert blocks, "the photo inside the screenshot was not found"
    left, top, right, bottom = blocks[0]
    pw, ph = (
        round(originals["chelsea.png"].width * 0.7),
        round(originals["chelsea.png"].height * 0.7),
    )
    assert abs((right - left) - pw) <= 6 and abs((bottom - top) - ph) <= 6


def test_an_original_with_borders_stores_its_trimmed_variant(originals):
    boxed = robustness.letterbox(originals["coffee.png"])
    fp = fingerprint_image(boxed, regions=True)
    assert len(fp.trimmed) == 8
    plain = fingerprint_image(originals["coffee.png"])
    assert hex_distance(fp.trimmed[0], plain.pdq) <= 16
    assert hex_distance(fp.pdq, plain.pdq) > 64  # PDQ itself does not see through borders


# -- each transform family ---------------------------------------------------------------
STRONG_TRANSFORMS = [
    "jpeg-q40",
    "resize-50",
    "resize-25",
    "grayscale",
    "brightness+30",
    "mirror",
    "rotate-90",
    "letterbox",
    "text",
    "png",
    "webp",
    "screenshot",
]
CROP_TRANSFORMS = ["crop-5", "crop-3/6/4/5", "crop-corner"]
BY_NAME = {t.name: t for t in robustness.TRANSFORMS}


@pytest.mark.parametrize("name", STRONG_TRANSFORMS)
@pytest.mark.parametrize("photo", ["chelsea.png", "coffee.png"])
def test_transformed_copies_are_strong_matches(tmp_path, index, originals, name, photo):
    tf = BY_NAME[name]
    made = tf.make(originals[photo], np.random.default_rng(1))
    path = _save(made, tmp_path / "copy", tf.fmt, tf.quality)
    match, quality = index.match_file(path)
    assert quality >= 50
    assert match is not None and match.ref == photo
    assert match.tier == "strong" and match.distance <= STRONG_DISTANCE
    expected = {"mirror": "mirrored", "rotate-90": "rotated", "letterbox": "bordered",
                "screenshot": "bordered", "resize-25": "rescaled"}.get(name)  # fmt: skip
    if expected:
        assert expected in match.how
    if name == "rotate-90":
        assert match.variant == "rotate-90"
    if name == "mirror":
        assert match.variant == "flip-y"


@pytest.mark.parametrize("name", CROP_TRANSFORMS)
@pytest.mark.parametrize("photo", ["chelsea.png", "rocket.jpg"])
def test_cropped_copies_are_possible_matches_on_a_region(tmp_path, index, originals, name, photo):
    tf = BY_NAME[name]
    path = _save(tf.make(originals[photo], np.random.default_rng(1)), tmp_path / "crop.jpg")
    match, _quality = index.match_file(path)
    assert match is not None and match.ref == photo
    assert match.tier == "possible" and match.via == "region"
    assert match.distance <= REGION_DISTANCE
    assert "cropped" in match.how and match.region is not None


def test_a_mirrored_crop_is_found(tmp_path, index, originals):
    made = robustness.crop(originals["coffee.png"], 0.05, 0.02, 0.03, 0.06).transpose(
        Image.Transpose.FLIP_LEFT_RIGHT
    )
    match, _q = index.match_file(_save(made, tmp_path / "c.jpg"))
    assert match is not None and match.ref == "coffee.png"
    assert "mirrored" in match.how and "cropped" in match.how


def test_a_collage_reports_every_original_in_it(tmp_path, index, originals):
    """Two photos side by side on white: both are found, best first."""
    a, b = originals["chelsea.png"], originals["rocket.jpg"]
    a, b = a.resize((a.width // 2, a.height // 2)), b.resize((b.width // 2, b.height // 2))
    canvas = Image.new("RGB", (a.width + b.width + 30, max(a.height, b.height) + 20), "white")
    canvas.paste(a, (10, 10))
    canvas.paste(b, (a.width + 20, 10))
    found, _q = index.matches_file(_save(canvas, tmp_path / "collage.jpg"))
    assert {m.ref for m in found} == {"chelsea.png", "rocket.jpg"}
    assert all(m.tier == "strong" and "bordered" in m.how for m in found)
    (result,) = scan_files([tmp_path / "collage.jpg"], index, workers=1)
    assert result.match is not None and [m.ref for m in result.also] == [found[1].ref]


def test_the_possible_band_needs_phash_and_dhash(tmp_path):
    """A big caption over a flat area: PDQ moves past 31, phash/dhash still agree."""
    quarter = dict(robustness.originals())["pen-and-coaster-q2"]
    index = MatchIndex([("pen", fingerprint_image(quarter))])  # no regions: PDQ band only
    tf = BY_NAME["caption"]
    path = _save(tf.make(quarter, np.random.default_rng(1)), tmp_path / "meme.jpg")
    match, _q = index.match_file(path)
    assert match is not None and match.tier == "possible" and match.via == "pdq"
    assert STRONG_DISTANCE < match.distance <= POSSIBLE_DISTANCE
    assert match.phash_distance is not None and match.dhash_distance is not None


# -- tiers on fingerprints alone ---------------------------------------------------------
def _flip_bits(hex_hash: str, count: int) -> str:
    return f"{int(hex_hash, 16) ^ ((1 << count) - 1):064x}"


def test_tiers_on_fingerprints(originals):
    fp = fingerprint_image(originals["astronaut.png"])
    index = MatchIndex([("mine", fp)])

    def probe(**changes: object) -> Fingerprint:
        return replace(fp, dihedral=(), **changes)  # type: ignore[arg-type]

    strong = index.match_fingerprint(probe(pdq=_flip_bits(fp.pdq, STRONG_DISTANCE)))
    assert strong is not None and strong.tier == "strong"
    band = index.match_fingerprint(probe(pdq=_flip_bits(fp.pdq, 45)))
    assert band is not None and band.tier == "possible" and band.distance == 45
    far_phash = _flip_bits(fp.phash, 40)[-16:]
    assert index.match_fingerprint(probe(pdq=_flip_bits(fp.pdq, 45), phash=far_phash)) is None
    assert index.match_fingerprint(probe(pdq=_flip_bits(fp.pdq, POSSIBLE_DISTANCE + 1))) is None


def test_phash_and_dhash_alone_never_match(originals):
    mine = fingerprint_image(originals["camera.png"])
    other = fingerprint_image(originals["coffee.png"])
    # Same phash and dhash as the original, but a different picture by PDQ.
    lookalike = replace(other, phash=mine.phash, dhash=mine.dhash)
    assert MatchIndex([("mine", mine)]).match_fingerprint(lookalike) is None


def test_low_quality_is_flagged_never_strong(tmp_path):
    sky = PDQ_DATA / "reg-test-input" / "labelme-subset" / "q0003.jpg"
    fp = fingerprint_file(sky, regions=True)
    assert fp.quality < 50
    index = MatchIndex([("sky", fp)])
    copy = _save(decode_image(sky).image, tmp_path / "sky.jpg", quality=90)
    match, quality = index.match_file(copy)
    assert quality < 50
    assert match is not None and match.tier == "possible" and match.low_quality
    assert match.phash_distance is not None  # confirmed by phash/dhash, not by PDQ alone
    black = PDQ_DATA / "misc-images" / "small.jpg"
    assert index.match_file(black)[0] is None  # a flat frame is never a match


# -- hard negatives ------------------------------------------------------------------------
def test_no_false_match_on_hard_negatives(tmp_path, index):
    """Textures, clip art, noise, flat sky, a black frame, and their transforms."""
    files = []
    for name, im in robustness.hard_negatives():
        for tf in robustness.TRANSFORMS:
            ext = tf.fmt.lower().replace("jpeg", "jpg")
            path = tmp_path / f"{name}-{tf.name.replace('/', '-')}.{ext}"
            files.append(_save(tf.make(im, np.random.default_rng(3)), path, tf.fmt, tf.quality))
    results = list(scan_files(files, index, workers=2))
    assert all(r.ok for r in results)
    assert [(r.path, r.match) for r in results if r.match is not None] == []


def test_held_out_photos_do_not_match(tmp_path, originals):
    """A case of three photos; the two held out, and their crops, match nothing."""
    names = sorted(originals)
    case, held = names[:3], names[3:]
    index = MatchIndex((n, fingerprint_image(originals[n], regions=True)) for n in case)
    for n in held:
        for tf in (BY_NAME["jpeg-q40"], BY_NAME["crop-3/6/4/5"], BY_NAME["mirror"]):
            path = _save(tf.make(originals[n], np.random.default_rng(1)), tmp_path / "h.jpg")
            assert index.match_file(path)[0] is None, (n, tf.name)


# -- storage and export ----------------------------------------------------------------------
def test_regions_survive_the_store_and_the_export(tmp_path, originals):
    fp = fingerprint_image(robustness.letterbox(originals["coffee.png"]), regions=True)
    with SqliteStore.open(tmp_path / "home") as store:
        case = store.create_case("Sam")
        store.add_fingerprints(case.id, [fp])
        (kept,) = store.fingerprints(case.id)
    assert kept.fingerprint.regions == fp.regions
    assert kept.fingerprint.trimmed == fp.trimmed
    doc = write_export(tmp_path / "e.json", [("#1", fp)], lang="en")
    assert len(doc["fingerprints"][0]["regions"]) == REGION_COUNT
    back = read_export(tmp_path / "e.json").fingerprints[0]
    assert back.regions == fp.regions and back.trimmed == fp.trimmed
    doc["recipe"]["region_scheme"] = 99  # made by another region recipe: not comparable
    assert parse_export(doc).fingerprints[0].regions == ()


def test_regions_are_added_to_a_fingerprint_stored_without_them(tmp_path):
    plain = fingerprint_file(PHOTOS / "rocket.jpg")
    full = fingerprint_file(PHOTOS / "rocket.jpg", regions=True)
    with SqliteStore.open(tmp_path / "home") as store:
        case = store.create_case("Sam")
        assert store.add_fingerprints(case.id, [plain]) == (1, 0)
        assert store.add_fingerprints(case.id, [full]) == (0, 1)
        (kept,) = store.fingerprints(case.id)
    assert kept.fingerprint.regions == full.regions


def test_the_robustness_benchmark_runs(capsys, tmp_path):
    out_file = tmp_path / "robustness.json"
    assert robustness.main(["--quick", "--workers", "1", "--output", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "false matches: 0" in out
    assert "goal MET" in out
    assert json.loads(out_file.read_text())["false_strong"] == 0


def test_the_match_speed_benchmark_runs(capsys, tmp_path):
    import match_speed

    out = tmp_path / "speed.json"
    code = match_speed.main(["--fingerprints", "20000", "--queries", "4", "--output", str(out)])
    assert "planted near-duplicates found" in capsys.readouterr().out
    result = json.loads(out.read_text())
    assert result["hashes"] == 160_000 and result["target_met"] is (code == 0)


# -- the substring index (large cases) ----------------------------------------------------
def _flipped(row: np.ndarray, bits: int, rng: np.random.Generator) -> np.ndarray:
    out = row.copy()
    for b in rng.choice(256, size=bits, replace=False):
        out[b // 64] ^= np.uint64(1) << np.uint64(b % 64)
    return out


@pytest.mark.parametrize("radius", [0, 1, 2])
def test_the_substring_index_finds_every_hash_within_its_pigeonhole_bound(radius):
    """16 pieces probed within r flips: every hash within 16 (r + 1) - 1 bits is found."""
    rng = np.random.default_rng(radius)
    stored = rng.integers(0, 2**64 - 1, size=(3000, 4), dtype=np.uint64, endpoint=True)
    keys = SubstringIndex(stored, probe_radius=radius)
    bound = 16 * (radius + 1) - 1
    rows = rng.integers(0, len(stored), size=bound + 1)
    queries = np.stack([_flipped(stored[r], d, rng) for d, r in enumerate(rows)])
    found, number, dist = keys.within(queries, 256)
    for d, row in enumerate(rows.tolist()):
        hits = dist[(number == d) & (found == row)]
        assert hits.size and int(hits.min()) == d, (d, row)
    # the distances it reports are the true ones
    assert dist.tolist() == [
        hex_distance(stored[f].tobytes().hex(), queries[q].tobytes().hex())
        for f, q in zip(found.tolist(), number.tolist(), strict=True)
    ]


@pytest.mark.parametrize("radius", [0, 1, 2])
def test_a_streamed_search_finds_what_the_tables_find(radius):
    """Without its tables (build=False) the index reads every row: the same candidates,
    also for more than 64 queries at once (they go in groups of 64)."""
    rng = np.random.default_rng(10 + radius)
    stored = rng.integers(0, 2**64 - 1, size=(5000, 4), dtype=np.uint64, endpoint=True)
    queries = np.stack([_flipped(stored[r], 20 + r % 40, rng) for r in range(70)])
    tables = SubstringIndex(stored, probe_radius=radius)
    streamed = SubstringIndex(stored, probe_radius=radius, build=False)
    assert tables.built and not streamed.built and streamed.nbytes == 0
    want = set(zip(*(a.tolist() for a in tables.within(queries, 256)), strict=True))
    got = list(zip(*(a.tolist() for a in streamed.within(queries, 256)), strict=True))
    assert len(got) == len(set(got)) and set(got) == want
    assert {number for _row, number, _dist in got} >= {0, 63, 64, 69}
    streamed.build()
    assert streamed.built and streamed.nbytes == tables.nbytes


def test_the_region_tables_are_made_for_many_images_only(originals):
    fps = [(n, fingerprint_image(im, regions=True)) for n, im in originals.items()]
    index = MatchIndex(fps, search="index")
    keys = index._region_keys
    assert keys is not None and not keys.built
    for _ in range(STREAMED_SEARCHES):
        index.match_image(originals["coffee.png"].crop((30, 30, 300, 300)))
    assert not keys.built
    index.match_image(originals["coffee.png"].crop((30, 30, 300, 300)))
    assert keys.built
    told = MatchIndex(fps, search="index")
    told.prepare(TABLES_FROM_IMAGES - 1)  # a scan of a few images: never the tables
    for _ in range(STREAMED_SEARCHES + 1):
        told.match_image(originals["coffee.png"].crop((30, 30, 300, 300)))
    assert told._region_keys is not None and not told._region_keys.built
    many = MatchIndex(fps, search="index")
    many.prepare(TABLES_FROM_IMAGES)
    assert many._region_keys is not None and many._region_keys.built


def test_the_probe_radius_shrinks_as_the_index_grows():
    rng = np.random.default_rng(1)
    small = SubstringIndex(rng.integers(0, 2**63, size=(1000, 4), dtype=np.uint64))
    big = SubstringIndex(rng.integers(0, 2**63, size=(600_000, 4), dtype=np.uint64))
    assert small.probe_radius == 2 and big.probe_radius == 1


def _random_table(n: int, rng: np.random.Generator) -> FingerprintTable:
    fillers = [
        (
            f"filler-{i}",
            Fingerprint(
                pdq=f"{int(rng.integers(2**62)):064x}", quality=100, phash="0" * 16,
                dhash="0" * 16, width=10, height=10,
                dihedral=tuple(rng.bytes(32).hex() for _ in range(8)),
                regions=tuple(rng.bytes(32).hex() for _ in range(REGION_COUNT)),
            ),
        )
        for i in range(n)
    ]  # fmt: skip
    return FingerprintTable.of(fillers)


def test_indexed_search_gives_the_exhaustive_answers(tmp_path, originals):
    """Every transform family, against the originals among random fillers, both ways."""
    fps = [(n, fingerprint_image(im, regions=True)) for n, im in originals.items()]
    table = _random_table(300, np.random.default_rng(5)).joined(FingerprintTable.of(fps))
    indexed = MatchIndex.from_table(table, search="index")
    exact = MatchIndex(fps, search="exact")
    assert indexed.indexed == (True, True) and exact.indexed == (False, False)
    compared = 0
    for name in sorted(originals)[:3]:
        for tf in robustness.TRANSFORMS:
            made = tf.make(originals[name], np.random.default_rng(2))
            path = _save(made, tmp_path / f"c.{tf.fmt.lower()}", tf.fmt, tf.quality)
            want = [
                (m.ref, m.tier, m.distance, m.via, m.variant) for m in exact.matches_file(path)[0]
            ]
            got = [
                (m.ref, m.tier, m.distance, m.via, m.variant) for m in indexed.matches_file(path)[0]
            ]
            assert got == want, (name, tf.name)
            compared += bool(want)
    assert compared >= 30  # most transforms are found at all


def test_an_indexed_match_index_pickles_and_matches_fingerprints(originals):
    import pickle

    fps = [(n, fingerprint_image(im)) for n, im in originals.items()]
    index = MatchIndex(fps, search="index")
    copy = pickle.loads(pickle.dumps(index))
    assert copy.indexed == (True, False) and copy.refs == index.refs
    name, fp = fps[1]
    found = copy.match_fingerprint(fp)
    assert found is not None and found.ref == name and found.distance == 0
    assert MatchIndex([], search="index").match_image(originals["coffee.png"])[0] is None


def test_the_store_hands_over_bytes_that_index_like_the_fingerprints(tmp_path, originals):
    """fingerprint_table (no hex on the way) equals the table of the stored fingerprints,
    also for a row kept as hex before schema 4."""
    fps = [
        fingerprint_image(robustness.letterbox(originals["coffee.png"]), regions=True),
        replace(fingerprint_image(originals["chelsea.png"]), label="cat"),
        replace(fingerprint_image(originals["camera.png"]), dihedral=()),
    ]
    with SqliteStore.open(tmp_path / "home") as store:
        case = store.create_case("Sam")
        store.add_fingerprints(case.id, fps)
        # the first row as an older leakhelp kept it: hex columns, no bytes
        store._conn.execute(
            "UPDATE fingerprints SET dihedral = ?, trimmed = ?, dihedral_bin = NULL, "
            "trimmed_bin = NULL WHERE id = (SELECT MIN(id) FROM fingerprints)",
            (",".join(fps[0].dihedral), ",".join(fps[0].trimmed)),
        )
        stored = store.fingerprints(case.id)
        table = store.fingerprint_table(case.id)
    assert [s.fingerprint.dihedral for s in stored] == [fps[0].dihedral, fps[1].dihedral,
                                                       (fps[2].pdq,)]  # fmt: skip
    assert stored[0].fingerprint.trimmed == fps[0].trimmed != ()
    want = FingerprintTable.of((s.ref, s.fingerprint) for s in stored)
    for field in FingerprintTable.__slots__:
        a, b = getattr(table, field), getattr(want, field)
        assert (a == b) if isinstance(a, tuple) else np.array_equal(a, b), field
    assert table.refs[1] == "cat"
    index = MatchIndex.from_table(table, search="index")
    assert index.match_image(originals["chelsea.png"])[0].ref == "cat"
