"""Fingerprints: PDQ against Meta's reference vectors, drafting, dihedral variants,
phash/dhash, and the batch hasher (order, processes, crashes)."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import time
from pathlib import Path

import imagehash
import numpy as np
import pytest
from PIL import Image

from leakhelp import imaging
from leakhelp.fingerprint import (
    PDQ_MIN_QUALITY,
    _hash_one,
    dhash64,
    fingerprint_file,
    fingerprint_image,
    hamming,
    hash_files,
    phash64,
)
from leakhelp.imaging import MIN_DECODE_SIDE, decode_image
from leakhelp.models import DIHEDRAL_NAMES, Fingerprint, HashResult
from leakhelp.pdq import pdq_hash
from leakhelp.workers import CRASH_MESSAGE, PARALLEL_MIN_FILES, available_cores

from conftest import OWN_PHOTOS, PDQ_DATA, PHOTOS
from imagegen import big_jpeg

#: Meta's PDQ match threshold (python-threatexchange, PDQ signal type).
PDQ_MATCH_THRESHOLD = 31

#: A 12 MP JPEG decoded with draft (to 1000 x 750) against the full decode:
#: measured 4, 6, 4, 10 and 4 bits on the five sample photos (docs/decoding.md).
#: A Lanczos resize to the same size moves exactly as many bits: it is PDQ's
#: own sensitivity to scale, not the JPEG draft.
DRAFT_MAX_BITS = 12

#: The draft may be at most this much worse than a careful (Lanczos) resize.
DRAFT_VS_LANCZOS_SLACK = 2


def pdq_reference(image: Image.Image) -> str:
    """PDQ of the whole image, undecoded by leakhelp (Pillow's ``convert("RGB")``)."""
    return pdq_hash(np.asarray(image.convert("RGB")))[0]


def read_table() -> list[dict[str, str]]:
    with (PDQ_DATA / "expected_hashes.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


CONFORMANCE = read_table()


# -- PDQ conformance --------------------------------------------------------------------
# tests/test_pdq.py holds the PDQ function to Meta's vectors on the pixels;
# these hold the whole path (decoding, conversions, fingerprint) to them.
@pytest.mark.parametrize("row", CONFORMANCE, ids=[row["file"] for row in CONFORMANCE])
def test_pdq_equals_meta_reference(row: dict[str, str]) -> None:
    fp = fingerprint_file(PDQ_DATA / row["file"])
    assert fp.pdq == row["ref_pdqhash"]
    assert fp.quality == int(row["ref_quality"])
    assert fp.dihedral[0] == fp.pdq and len(fp.dihedral) == len(DIHEDRAL_NAMES)
    # Never further from the upstream tests' hash than Meta's C++ is.
    assert hamming(fp.pdq, row["pdq"]) <= int(row["ref_distance"])


def test_sixteen_bit_reference_is_clipped_as_meta_does() -> None:
    path = PDQ_DATA / "ptx-resources" / "I16.png"
    row = next(r for r in read_table() if r["file"] == "ptx-resources/I16.png")
    with Image.open(path) as im:
        assert im.mode == "I;16"
        assert int(np.asarray(im).max()) > 255  # really 16-bit data
    fp = fingerprint_file(path)
    # Meta's expected hash (python-threatexchange's test), not just pdqhash's.
    assert (
        fp.pdq == row["pdq"] == "de2ef0e99ecdfc1d248a0eb055f023d1d61e79c3920cbb55d561c02accab1763"
    )
    # Clipped, almost everything is white: the quality says "do not match on it".
    assert fp.quality == 36 < PDQ_MIN_QUALITY


def test_grey_alpha_reference_ignores_the_alpha_as_meta_does() -> None:
    path = PDQ_DATA / "ptx-resources" / "LA.png"
    row = next(r for r in read_table() if r["file"] == "ptx-resources/LA.png")
    with Image.open(path) as im:
        assert im.mode == "LA"
        alpha = np.asarray(im)[..., 1]
        grey = Image.fromarray(np.asarray(im)[..., 0])
    assert 0 < (alpha < 255).mean() < 1  # really see-through in places
    fp = fingerprint_file(path)
    assert (
        fp.pdq == row["pdq"] == "accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306715"
    )
    assert fp.pdq == pdq_reference(grey)  # the grey channel alone


# -- drafting ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def twelve_mp() -> dict[str, bytes]:
    """The sample photos as 12 MP JPEGs (made once per test session)."""
    out = {}
    for name in OWN_PHOTOS:
        with Image.open(PHOTOS / name) as im:
            out[name] = big_jpeg(im)
    return out


@pytest.mark.parametrize("name", OWN_PHOTOS, ids=str)
def test_drafted_pdq_stays_close_to_the_full_decode(twelve_mp: dict[str, bytes], name: str) -> None:
    data = twelve_mp[name]
    with Image.open(io.BytesIO(data)) as im:
        full = im.convert("RGB")
    decoded = decode_image(data)
    assert (decoded.width, decoded.height) == full.size == (4000, 3000)
    assert decoded.image.size == (1000, 750)  # drafted at 1/4, short side >= 512
    assert min(decoded.image.size) >= MIN_DECODE_SIDE
    drafted = fingerprint_file(data).pdq
    reference = pdq_reference(full)
    assert hamming(drafted, reference) <= DRAFT_MAX_BITS
    lanczos = pdq_reference(full.resize(decoded.image.size, Image.Resampling.LANCZOS))
    assert hamming(drafted, reference) <= hamming(lanczos, reference) + DRAFT_VS_LANCZOS_SLACK


def test_small_jpeg_is_not_drafted_and_equals_the_reference(tmp_path: Path) -> None:
    # Short side below 2 x MIN_DECODE_SIDE: decoded at full size, hash exact.
    with Image.open(PHOTOS / "rocket.jpg") as im:
        im.convert("RGB").resize((1000, 750), Image.Resampling.BICUBIC).save(
            tmp_path / "r.jpg", quality=90
        )
    with Image.open(tmp_path / "r.jpg") as im:
        reference = pdq_reference(im)
    decoded = decode_image(tmp_path / "r.jpg")
    assert decoded.image.size == (1000, 750)
    assert fingerprint_file(tmp_path / "r.jpg").pdq == reference


# -- dihedral variants ------------------------------------------------------------------
#: numpy transform of the pixels -> the dihedral variant that should find it.
TRANSFORMS = {
    "rotate-90": (lambda a: np.rot90(a, 1), 1),
    "rotate-180": (lambda a: np.rot90(a, 2), 2),
    "rotate-270": (lambda a: np.rot90(a, -1), 3),
    "upside-down mirror": (lambda a: a[::-1], 4),
    "mirror": (lambda a: a[:, ::-1], 5),
    "transpose": (lambda a: a.swapaxes(0, 1), 6),
    "anti-transpose": (lambda a: np.rot90(a, 2).swapaxes(0, 1), 7),
}


@pytest.mark.parametrize("label", list(TRANSFORMS), ids=str)
def test_a_turned_or_mirrored_copy_matches_its_dihedral_variant(label: str) -> None:
    transform, index = TRANSFORMS[label]
    with Image.open(PHOTOS / "chelsea.png") as im:
        photo = im.convert("RGB")
    original = fingerprint_image(photo)
    copy = fingerprint_image(Image.fromarray(np.ascontiguousarray(transform(np.asarray(photo)))))
    distances = [hamming(copy.pdq, variant) for variant in original.dihedral]
    assert distances.index(min(distances)) == index, distances
    assert distances[index] <= PDQ_MATCH_THRESHOLD  # measured 0-16 bits
    assert hamming(copy.pdq, original.pdq) > 2 * PDQ_MATCH_THRESHOLD  # PDQ alone misses it


# -- phash and dhash --------------------------------------------------------------------
def phash_corpus() -> list[tuple[str, Image.Image]]:
    images = []
    for path in sorted(PHOTOS.glob("*.*g")):
        with Image.open(path) as im:
            images.append((path.name, im.convert("RGB")))
    rng = np.random.default_rng(7)
    for i in range(20):
        noise = rng.integers(0, 256, (30 + 7 * i, 40 + 5 * i, 3), dtype=np.uint8)
        images.append((f"noise-{i}", Image.fromarray(noise)))
    for value in (0, 128, 255):  # flat: every coefficient but one is an exact tie
        images.append((f"flat-{value}", Image.new("RGB", (64, 48), (value,) * 3)))
    images.append(("gradient", Image.linear_gradient("L").convert("RGB")))
    images.append(("radial", Image.radial_gradient("L").convert("RGB")))
    return images


def test_phash_and_dhash_equal_imagehash() -> None:
    for label, image in phash_corpus():
        assert phash64(image) == str(imagehash.phash(image)), label
        assert dhash64(image) == str(imagehash.dhash(image)), label
        fp = fingerprint_image(image)
        assert (fp.phash, fp.dhash) == (phash64(image), dhash64(image)), label


def test_flat_images_have_low_quality() -> None:
    fp = fingerprint_image(Image.new("RGB", (200, 200), (90, 90, 90)))
    assert fp.quality < PDQ_MIN_QUALITY
    assert fingerprint_file(PHOTOS / "astronaut.png").quality >= PDQ_MIN_QUALITY


def test_fingerprint_is_a_frozen_value_without_pixels() -> None:
    fp = fingerprint_file(PHOTOS / "rocket.jpg", label="r")
    assert isinstance(fp, Fingerprint)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fp.pdq = "0" * 64  # type: ignore[misc]
    assert len(fp.pdq) == 64 and len(fp.phash) == 16 and len(fp.dhash) == 16
    assert int(fp.pdq, 16) >= 0 and int(fp.phash, 16) >= 0 and int(fp.dhash, 16) >= 0
    assert fp == fingerprint_file((PHOTOS / "rocket.jpg").read_bytes(), label="r")


def test_hamming() -> None:
    assert hamming("ff", "0f") == 4
    assert hamming("0" * 64, "f" * 64) == 256
    with pytest.raises(ValueError):
        hamming("ff", "fff")


# -- many files -------------------------------------------------------------------------
@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """Twelve small files, two of them broken, in a fixed order."""
    paths = []
    with Image.open(PHOTOS / "coffee.png") as im:
        photo = im.convert("RGB").resize((300, 200))
    for i in range(12):
        path = tmp_path / f"{i:02d}.jpg"
        if i == 4:
            path.write_bytes(b"")
        elif i == 9:
            path.write_bytes(b"just text")
        else:
            photo.rotate(i * 25).save(path, quality=90)
        paths.append(path)
    return paths


def test_hash_files_keeps_order_and_reports_errors_as_results(batch: list[Path]) -> None:
    serial = list(hash_files(batch, workers=1))
    assert [r.path for r in serial] == [str(p) for p in batch]
    assert [r.ok for r in serial] == [i not in (4, 9) for i in range(12)]
    assert all(r.error and "\n" not in r.error for r in serial if not r.ok)
    parallel = list(hash_files(batch, workers=2))
    assert parallel == serial
    assert list(hash_files(batch)) == serial  # all cores by default
    assert available_cores() >= 1


def crash_on_marker(path: str) -> HashResult:
    """A per-file hasher whose process dies on one file, as a crashing decoder would."""
    if Path(path).name == "05.jpg":
        os._exit(70)
    return _hash_one(path)


def test_a_crashing_decoder_costs_only_its_own_file(batch: list[Path]) -> None:
    results = list(hash_files(batch, workers=2, hasher=crash_on_marker))
    assert [r.path for r in results] == [str(p) for p in batch]
    assert results[5].error == CRASH_MESSAGE
    serial = list(hash_files(batch, workers=1))
    assert [r for i, r in enumerate(results) if i != 5] == [
        r for i, r in enumerate(serial) if i != 5
    ]


def stall_on_marker(path: str) -> HashResult:
    """A per-file hasher that never finishes one file, as a file built to stall would."""
    if Path(path).name == "03.jpg":
        time.sleep(3600)
    return _hash_one(path)


@pytest.mark.timeout(120, method="thread")  # a hang here ends the run loudly
def test_a_stalling_file_is_stopped_and_the_batch_goes_on(batch: list[Path]) -> None:
    # How long it takes is measured in benchmarks/stalls.py, not asserted here.
    results = list(hash_files(batch, workers=2, hasher=stall_on_marker, timeout=2))
    assert [r.path for r in results] == [str(p) for p in batch]
    assert results[3].error is not None and "longer than 2 seconds" in results[3].error
    serial = list(hash_files(batch, workers=1))
    assert [r for i, r in enumerate(results) if i != 3] == [
        r for i, r in enumerate(serial) if i != 3
    ]


def report_process(path: str) -> HashResult:
    """A per-file hasher that says which process ran it (in the error field)."""
    time.sleep(0.02)  # long enough that every worker gets files
    return HashResult(path=path, error=f"pid {os.getpid()}")


def test_large_batches_use_every_core(tmp_path: Path) -> None:
    paths = [tmp_path / f"{i:02d}.jpg" for i in range(PARALLEL_MIN_FILES * 2)]
    pids = {r.error for r in hash_files(paths, hasher=report_process)}
    assert f"pid {os.getpid()}" not in pids
    assert len(pids) == min(available_cores(), len(paths))
    # A small batch stays in this process: a pool would cost more than it saves.
    small = {r.error for r in hash_files(paths[:2], hasher=report_process)}
    assert small == {f"pid {os.getpid()}"}


def mark_and_hash(path: str) -> HashResult:
    """A per-file hasher that leaves a mark for each file it was given."""
    Path(path + ".done").touch()
    return _hash_one(path)


def test_stopping_early_does_not_hash_the_rest(tmp_path: Path) -> None:
    with Image.open(PHOTOS / "astronaut.png") as im:
        photo = im.convert("RGB").resize((256, 256))
    paths = []
    for i in range(60):
        path = tmp_path / f"{i:02d}.png"
        photo.rotate(i).save(path, compress_level=1)
        paths.append(path)
    results = hash_files(paths, workers=2, hasher=mark_and_hash)
    first = next(results)
    assert first.ok
    results.close()  # the caller stops reading (Ctrl-C, an error further on)
    done = len(list(tmp_path.glob("*.done")))
    assert done < len(paths) // 2, done


@pytest.mark.timeout(60, method="thread")  # a hang here ends the run loudly
def test_a_pool_forked_while_a_thread_decodes_does_not_hang(batch: list[Path]) -> None:
    # As if a status check were decoding in a worker thread when hashing
    # starts its pool: the forked children must not inherit a held lock.
    with imaging._WARNINGS_LOCK:
        results = list(hash_files(batch, workers=2))
    assert [r.ok for r in results] == [i not in (4, 9) for i in range(12)]
