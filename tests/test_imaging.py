"""Safe decoding on real files: odd formats, EXIF orientation, conversions, hostile files."""

from __future__ import annotations

import io
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from leakhelp.errors import ImageError, ImageTooLargeError, NotAnImageError
from leakhelp.fingerprint import fingerprint_file, fingerprint_image, hamming
from leakhelp.imaging import (
    MAX_PIXELS,
    MIN_DECODE_SIDE,
    DecodedImage,
    decode_image,
    looks_like_image,
    to_rgb,
)

from conftest import PDQ_DATA, PHOTOS
from imagegen import (
    broken_files,
    good_files,
    grey_gradient,
    odd_images,
    oriented_jpeg,
    oriented_png,
    png_declaring,
    stored_pixels_for_orientation,
)

#: Most bits a lossy re-encoding of the same pixels (JPEG q95, WebP q90,
#: HEIC/AVIF q90, a 256-colour palette, 1-bit) moved PDQ here: 0-2 measured.
LOSSY_FORMAT_BITS = 8


@pytest.fixture(scope="session")
def photo() -> Image.Image:
    with Image.open(PHOTOS / "coffee.png") as im:
        return im.convert("RGB")


@pytest.fixture(scope="session")
def odd(tmp_path_factory: pytest.TempPathFactory, photo: Image.Image) -> dict[str, Path]:
    return odd_images(tmp_path_factory.mktemp("odd"), photo)


@pytest.fixture(scope="session")
def broken(tmp_path_factory: pytest.TempPathFactory, photo: Image.Image) -> dict[str, Path]:
    return broken_files(tmp_path_factory.mktemp("broken"), photo)


@pytest.fixture(scope="session")
def reference_pdq(photo: Image.Image) -> str:
    return fingerprint_image(photo).pdq


# -- formats and modes ------------------------------------------------------------------
EXACT = ["photo.png", "photo.bmp", "photo.tif", "lossless.webp", "cmyk.tif", "multipage.tif"]
LOSSY = [
    "photo.jpg",
    "cmyk.jpg",
    "grey.png",
    "grey.jpg",
    "bilevel.png",
    "bilevel.tif",
    "palette.png",
    "photo.webp",
    "photo.heic",
    "photo.avif",
    "animated.gif",
    "animated.webp",
    "rgba-opaque.png",
]


@pytest.mark.parametrize("name", EXACT, ids=EXACT)
def test_lossless_formats_hash_exactly_like_the_photo(
    odd: dict[str, Path], reference_pdq: str, name: str
) -> None:
    decoded = decode_image(odd[name])
    assert decoded.image.mode == "RGB"
    assert (decoded.width, decoded.height) == (600, 400)
    assert fingerprint_file(odd[name]).pdq == reference_pdq


@pytest.mark.parametrize("name", LOSSY, ids=LOSSY)
def test_other_formats_and_modes_hash_close_to_the_photo(
    odd: dict[str, Path], reference_pdq: str, name: str
) -> None:
    fp = fingerprint_file(odd[name])
    assert (fp.width, fp.height) == (600, 400)
    assert hamming(fp.pdq, reference_pdq) <= LOSSY_FORMAT_BITS


def test_first_frame_of_animations_and_first_page_of_tiffs(
    odd: dict[str, Path], photo: Image.Image
) -> None:
    # Frame 2 of each is noise: hashing any frame but the first would be far off.
    noise_pdq = fingerprint_image(Image.effect_noise(photo.size, 80).convert("RGB")).pdq
    for name in ("animated.gif", "animated.webp", "multipage.tif"):
        with Image.open(odd[name]) as im:
            assert getattr(im, "n_frames", 1) >= 2, name
        fp = fingerprint_file(odd[name])
        assert hamming(fp.pdq, fingerprint_image(photo).pdq) <= LOSSY_FORMAT_BITS, name
        assert hamming(fp.pdq, noise_pdq) > 64, name


def test_heic_with_several_images_decodes_the_primary_one(
    tmp_path: Path, photo: Image.Image
) -> None:
    # Viewers show the primary image; it need not be the first one stored.
    other = Image.effect_noise(photo.size, 60).convert("RGB")
    path = tmp_path / "burst.heic"
    photo.save(path, "HEIF", save_all=True, append_images=[other], primary_index=1, quality=90)
    fp = fingerprint_file(path)
    assert hamming(fp.pdq, fingerprint_image(other).pdq) <= LOSSY_FORMAT_BITS
    assert hamming(fp.pdq, fingerprint_image(photo).pdq) > 64


def test_sixteen_bit_grey_is_clipped_as_meta_does(odd: dict[str, Path]) -> None:
    # Meta's reference converts with Pillow, which clips 16-bit values at
    # 255; leakhelp does the same so its hashes equal Meta's (I16.png in
    # test_fingerprint.py). A full-range 16-bit image turns nearly white.
    g16, _g8 = grey_gradient()
    expected = np.minimum(g16, 255).astype(np.uint8)
    for name in ("gradient16.png", "gradient16.tif"):
        decoded = decode_image(odd[name])
        assert np.array_equal(np.asarray(decoded.image)[..., 0], expected), name
        with Image.open(odd[name]) as im:
            assert np.array_equal(np.asarray(decoded.image), np.asarray(im.convert("RGB")))
    assert (expected == 255).mean() > 0.9


@pytest.mark.parametrize("name", ["palette-transparent.png", "grey-alpha.png", "rgba.png"], ids=str)
def test_transparency_is_ignored_as_meta_does(
    odd: dict[str, Path], photo: Image.Image, name: str
) -> None:
    # Meta's C++ reads the first three channels only, and its reference
    # converts grey + alpha to RGB: the colour under a see-through pixel
    # is hashed. leakhelp decodes exactly what Pillow's conversion gives.
    pixels = np.asarray(decode_image(odd[name]).image).astype(int)
    with Image.open(odd[name]) as im:
        assert np.array_equal(pixels, np.asarray(im.convert("RGB")))
    h = pixels.shape[0]
    band = pixels[h // 3 : h // 2]
    if name == "palette-transparent.png":
        assert (band == 0).all()  # the colour stored for the see-through index
    else:  # the photo under the see-through band
        expected = np.asarray(photo.convert("L" if "grey" in name else "RGB")).astype(int)
        if expected.ndim == 2:
            expected = expected[..., None]
        assert np.abs(band - expected[h // 3 : h // 2]).mean() < 1


def test_other_modes_convert_to_rgb() -> None:
    grey = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (32, 1))
    cases = {
        "F 0-1": Image.fromarray(grey.astype(np.float32) / 255),
        "F 0-255 with NaN": Image.fromarray(np.where(grey > 250, np.nan, grey).astype(np.float32)),
        "I 8-bit values": Image.fromarray(grey.astype(np.int32)),
        "I 16-bit values": Image.fromarray(grey.astype(np.int32) * 257),
        "LAB": Image.new("LAB", (8, 8), (50, 0, 0)),
        "HSV": Image.new("HSV", (8, 8), (0, 0, 128)),
        "1": Image.new("1", (8, 8), 1),
        "RGBa": Image.new("RGBa", (8, 8), (10, 20, 30, 255)),
    }
    for label, im in cases.items():
        rgb = to_rgb(im)
        assert rgb.mode == "RGB", label
        assert rgb.size == im.size, label
    for label in ("F 0-1", "I 8-bit values", "I 16-bit values"):
        channel = np.asarray(to_rgb(cases[label]))[..., 0].astype(int)
        assert np.abs(channel - grey).max() <= 1, label
    assert np.asarray(to_rgb(cases["F 0-255 with NaN"]))[0, -1, 0] == 0  # NaN is black


# -- EXIF orientation -------------------------------------------------------------------
@pytest.mark.parametrize("orientation", range(1, 9), ids=lambda o: f"orientation-{o}")
def test_exif_orientation_shows_the_image_upright(
    tmp_path: Path, photo: Image.Image, orientation: int
) -> None:
    # Lossless: the decoded pixels are exactly the photo as shown.
    decoded = decode_image(oriented_png(tmp_path, photo, orientation))
    assert np.array_equal(np.asarray(decoded.image), np.asarray(photo))
    assert (decoded.width, decoded.height) == photo.size
    # JPEG: PDQ within a few bits of the photo, width/height as shown.
    path = oriented_jpeg(tmp_path, photo, orientation)
    with Image.open(path) as im:
        stored_size = im.size
    assert stored_size == (photo.size[::-1] if orientation >= 5 else photo.size)
    fp = fingerprint_file(path)
    assert (fp.width, fp.height) == photo.size
    assert hamming(fp.pdq, fingerprint_image(photo).pdq) <= LOSSY_FORMAT_BITS


def test_stored_pixels_helper_really_transposes(photo: Image.Image) -> None:
    # Guard for the generator itself: without the tag, the pixels differ.
    shown = np.asarray(photo)
    for orientation in range(2, 9):
        assert not np.array_equal(stored_pixels_for_orientation(shown, orientation), shown)


def test_corrupt_exif_does_not_stop_decoding(tmp_path: Path, photo: Image.Image) -> None:
    # pytest turns warnings into errors here: Pillow's "Corrupt EXIF data"
    # warning must not escape the decoder either.
    path = good_files(tmp_path, photo)["corrupt-exif.jpg"]
    fp = fingerprint_file(path)
    assert hamming(fp.pdq, fingerprint_image(photo).pdq) <= LOSSY_FORMAT_BITS


def test_out_of_range_orientation_is_ignored(tmp_path: Path, photo: Image.Image) -> None:
    exif = Image.Exif()
    exif[0x0112] = 9
    path = tmp_path / "o9.png"
    photo.save(path, exif=exif.tobytes())
    decoded = decode_image(path)
    assert np.array_equal(np.asarray(decoded.image), np.asarray(photo))


# -- names, bytes, sizes ----------------------------------------------------------------
def test_files_with_a_wrong_or_no_ending_still_decode(tmp_path: Path, photo: Image.Image) -> None:
    good = good_files(tmp_path, photo)
    for name in ("png-named.jpg", "IMG_0001"):
        assert decode_image(good[name]).format in ("PNG", "JPEG")
        assert looks_like_image(good[name])
    assert not looks_like_image(tmp_path / "missing.txt")


def test_bytes_decode_like_the_file(odd: dict[str, Path]) -> None:
    for name in ("photo.jpg", "photo.heic", "photo.avif", "palette-transparent.png"):
        data = odd[name].read_bytes()
        assert fingerprint_file(data) == fingerprint_file(odd[name])


def test_large_images_are_decoded_reduced_but_report_their_size(tmp_path: Path) -> None:
    with Image.open(PHOTOS / "astronaut.png") as im:
        big = im.convert("RGB").resize((2600, 2100))
    for fmt, name in (("JPEG", "big.jpg"), ("PNG", "big.png")):
        big.save(tmp_path / name, fmt)
        decoded = decode_image(tmp_path / name)
        assert (decoded.width, decoded.height) == (2600, 2100)
        short = min(decoded.image.size)
        assert MIN_DECODE_SIDE <= short < 2 * MIN_DECODE_SIDE, (name, decoded.image.size)


# -- broken and hostile files -----------------------------------------------------------
ERRORS = {
    "empty.jpg": (NotAnImageError, "empty file"),
    "truncated.jpg": (ImageError, "damaged or incomplete"),
    "truncated.png": (ImageError, "damaged or incomplete"),
    "header-only.jpg": (ImageError, "damaged or incomplete"),
    "text.jpg": (NotAnImageError, "not an image"),
    "random.jpg": (NotAnImageError, "not an image"),
    "pixel-bomb.png": (ImageTooLargeError, "too large"),
    "pixel-bomb-just-over.png": (ImageTooLargeError, "too large"),
    "gif-bomb.gif": (ImageTooLargeError, "too large"),
    "absurd.tif": (ImageTooLargeError, "too large"),
}


@pytest.mark.parametrize("name", sorted(ERRORS), ids=str)
def test_broken_files_give_one_clear_error(broken: dict[str, Path], name: str) -> None:
    kind, words = ERRORS[name]
    with pytest.raises(kind) as info:
        decode_image(broken[name])
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    assert str(broken[name].parent) not in message and name not in message
    # The same bytes from memory give the same error (the `check` path).
    data = broken[name].read_bytes()
    with pytest.raises(kind):
        decode_image(data)


def test_bomb_limit_sits_just_above_the_largest_phone_photo() -> None:
    assert MAX_PIXELS >= 16320 * 12240  # a 200 MP phone photo is accepted
    with pytest.raises(ImageTooLargeError):
        decode_image(png_declaring(16384, 16384))  # 268 MP: refused before decoding
    # Inside the limit the declared size is believed and decoding fails honestly.
    with pytest.raises(ImageError, match="damaged or incomplete"):
        decode_image(png_declaring(20_000, 9_000))


def test_paths_that_are_not_image_files(tmp_path: Path) -> None:
    folder = tmp_path / "x.jpg"
    folder.mkdir()
    with pytest.raises(NotAnImageError, match="folder"):
        decode_image(folder)
    with pytest.raises(ImageError, match="not found"):
        decode_image(tmp_path / "nothing.jpg")
    with pytest.raises(NotAnImageError, match="empty data"):
        decode_image(b"")
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)  # opening it would block forever
    with pytest.raises(NotAnImageError, match="not a regular file"):
        decode_image(fifo)
    loop = tmp_path / "loop.jpg"
    loop.symlink_to(loop)
    with pytest.raises(ImageError, match="loop"):
        decode_image(loop)


def test_formats_that_run_other_programs_are_not_tried() -> None:
    # Pillow would hand EPS to Ghostscript; leakhelp does not even try.
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    with pytest.raises(NotAnImageError):
        decode_image(eps)


def test_decoded_image_is_a_frozen_value(odd: dict[str, Path]) -> None:
    decoded = decode_image(odd["photo.png"])
    assert isinstance(decoded, DecodedImage)
    with pytest.raises(AttributeError):
        decoded.width = 1  # type: ignore[misc]


def test_reference_modes_folder_decodes_every_mode() -> None:
    # Meta's mode samples (CMYK JPEG, LA, P, YCbCr) all decode to RGB.
    for path in sorted((PDQ_DATA / "misc-images" / "modes").glob("*.*")):
        if path.suffix in (".jpg", ".png"):
            assert decode_image(path).image.mode == "RGB", path.name


def test_bytes_io_helper_round_trip(photo: Image.Image) -> None:
    buf = io.BytesIO()
    photo.save(buf, "PNG")
    assert decode_image(buf.getvalue()).image.size == photo.size


def test_decoding_in_threads_leaves_the_warning_filters_alone(odd: dict[str, Path]) -> None:
    # `check` decodes fetched images in worker threads; the decoder's own
    # warning silencing must not leak into the rest of the process.
    before = list(warnings.filters)
    names = ["photo.jpg", "photo.png", "cmyk.jpg", "photo.webp", "grey-alpha.png"] * 8
    data = [odd[n].read_bytes() for n in names]
    with ThreadPoolExecutor(max_workers=8) as pool:
        decoded = list(pool.map(decode_image, data))
    assert all(d.image.mode == "RGB" for d in decoded)
    assert list(warnings.filters) == before
