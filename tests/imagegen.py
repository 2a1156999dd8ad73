"""Generate odd, broken and hostile image files for tests (and benchmarks).

Everything is written into a folder the caller gives (a ``tmp_path``); nothing
here reads the network or anything outside the repository. Each generator returns the path it
wrote, so a test can say exactly which file it means::

    from imagegen import odd_images, broken_files
    odd = odd_images(tmp_path, photo)        # name -> Path
    bad = broken_files(tmp_path)             # name -> Path

The files are made with Pillow (and pillow-heif for HEIC) except the hostile
ones, which are written byte by byte so they can lie about their size.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

#: EXIF tag number of the orientation.
ORIENTATION_TAG = 0x0112

#: Seed for every random byte written here, so a failing test can be re-run.
SEED = 20240611


# -- orientation ----------------------------------------------------------------------
def stored_pixels_for_orientation(shown: np.ndarray, orientation: int) -> np.ndarray:
    """The pixels a camera stores so that ``orientation`` DISPLAYS as ``shown``.

    Written from the EXIF 2.32 definitions (where the 0th row and 0th column
    of the stored image lie on screen), with numpy only, so the tests do not
    check Pillow's transpose against itself:

    1 top-left, 2 top-right (mirrored), 3 bottom-right (turned 180°),
    4 bottom-left (upside-down mirror), 5 left-top (transposed),
    6 right-top (display turns it 90° clockwise), 7 right-bottom
    (anti-transposed), 8 left-bottom (display turns it 90° anticlockwise).
    """
    table = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1, :],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, 1),  # stored turned 90° anticlockwise
        7: lambda a: np.rot90(a, 2).swapaxes(0, 1),
        8: lambda a: np.rot90(a, -1),  # stored turned 90° clockwise
    }
    return np.ascontiguousarray(table[orientation](shown))


def exif_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    return exif.tobytes()


def oriented_jpeg(dst: Path, shown: Image.Image, orientation: int, *, quality: int = 95) -> Path:
    """A JPEG whose pixels are transposed and whose tag says how to show them."""
    stored = Image.fromarray(stored_pixels_for_orientation(np.asarray(shown), orientation))
    path = dst / f"orientation-{orientation}.jpg"
    stored.save(path, "JPEG", quality=quality, exif=exif_with_orientation(orientation))
    return path


def oriented_png(dst: Path, shown: Image.Image, orientation: int) -> Path:
    """Lossless twin of :func:`oriented_jpeg` (PNG eXIf chunk), for exact checks."""
    stored = Image.fromarray(stored_pixels_for_orientation(np.asarray(shown), orientation))
    path = dst / f"orientation-{orientation}.png"
    stored.save(path, "PNG", exif=exif_with_orientation(orientation))
    return path


# -- large photos ---------------------------------------------------------------------
#: A 12-megapixel photo, the size most phone cameras save.
TWELVE_MP = (4000, 3000)


def big_photo(photo: Image.Image, size: tuple[int, int] = TWELVE_MP) -> Image.Image:
    """``photo`` upscaled (bicubic) to ``size``: stands in for a phone photo."""
    return photo.convert("RGB").resize(size, Image.Resampling.BICUBIC)


def big_jpeg(photo: Image.Image, size: tuple[int, int] = TWELVE_MP, *, quality: int = 90) -> bytes:
    """A phone-sized JPEG (12 MP by default) made from a small photo."""
    buf = io.BytesIO()
    big_photo(photo, size).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


# -- odd but valid formats ------------------------------------------------------------
def grey_gradient(width: int = 256, height: int = 192) -> tuple[np.ndarray, np.ndarray]:
    """A 16-bit grey gradient with some structure, and its exact 8-bit version.

    The 16-bit values are ``v8 * 257`` so that scaling by 255/65535 gives
    back exactly the 8-bit image.
    """
    y, x = np.mgrid[0:height, 0:width]
    v8 = ((x * 255 // (width - 1)) ^ ((y // 16) % 2 * 96)).astype(np.uint8)
    return (v8.astype(np.uint16) * 257), v8


def odd_images(dst: Path, photo: Image.Image) -> dict[str, Path]:
    """Valid images in unusual formats and modes, all showing ``photo``.

    ``photo`` should be an RGB photograph of a few hundred pixels.
    """
    dst.mkdir(parents=True, exist_ok=True)
    rgb = photo.convert("RGB")
    out: dict[str, Path] = {}

    def put(name: str, im: Image.Image, fmt: str, **kw: object) -> None:
        path = dst / name
        im.save(path, fmt, **kw)
        out[name] = path

    put("photo.png", rgb, "PNG")
    put("photo.jpg", rgb, "JPEG", quality=95)
    put("cmyk.jpg", rgb.convert("CMYK"), "JPEG", quality=95)
    put("cmyk.tif", rgb.convert("CMYK"), "TIFF")
    put("grey.png", rgb.convert("L"), "PNG")
    put("grey.jpg", rgb.convert("L"), "JPEG", quality=95)
    put("bilevel.png", rgb.convert("1"), "PNG")
    put("bilevel.tif", rgb.convert("1"), "TIFF", compression="group4")
    put("palette.png", rgb.convert("P", palette=Image.Palette.ADAPTIVE, colors=256), "PNG")
    put("photo.bmp", rgb, "BMP")
    put("photo.webp", rgb, "WEBP", quality=90)
    put("lossless.webp", rgb, "WEBP", lossless=True)
    put("photo.tif", rgb, "TIFF", compression="tiff_lzw")
    put("photo.heic", rgb, "HEIF", quality=90)
    put("photo.avif", rgb, "AVIF", quality=90)

    # Palette with one transparent index: a band across the middle is see-through.
    pal = rgb.convert("P", palette=Image.Palette.ADAPTIVE, colors=255)
    arr = np.asarray(pal).copy()
    h = arr.shape[0]
    arr[h // 3 : h // 2, :] = 255
    pal_t = Image.fromarray(arr, "P")
    colours = pal.getpalette() or []
    pal_t.putpalette(colours + [0, 0, 0] * (256 - len(colours) // 3))  # index 255 exists
    put("palette-transparent.png", pal_t, "PNG", transparency=255)

    # Grey + alpha, and RGBA: the same see-through band.
    alpha = np.full(arr.shape, 255, np.uint8)
    alpha[h // 3 : h // 2, :] = 0
    la = Image.merge("LA", (rgb.convert("L"), Image.fromarray(alpha)))
    put("grey-alpha.png", la, "PNG")
    rgba = rgb.copy()
    rgba.putalpha(Image.fromarray(alpha))
    put("rgba.png", rgba, "PNG")
    put("rgba-opaque.png", rgb.convert("RGBA"), "PNG")

    # 16-bit grey: a gradient whose 8-bit twin is known exactly.
    g16, g8 = grey_gradient()
    put("gradient16.png", Image.fromarray(g16), "PNG")
    put("gradient8.png", Image.fromarray(g8), "PNG")
    put("gradient16.tif", Image.fromarray(g16), "TIFF")

    # Animated GIF: the first frame is the photo, the others something else.
    other = Image.effect_noise(rgb.size, 80).convert("RGB")
    frames = [rgb.quantize(256), other.quantize(256), rgb.rotate(180).quantize(256)]
    put("animated.gif", frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    put("animated.webp", rgb, "WEBP", save_all=True, append_images=[other], quality=90)

    # Multi-page TIFF: page one is the photo.
    put("multipage.tif", rgb, "TIFF", save_all=True, append_images=[other, rgb.rotate(90)])
    return out


# -- broken and hostile files ---------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few dozen bytes that declares width x height."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def gif_bomb() -> bytes:
    """A GIF whose logical screen is 65535 x 65535 with a 1-pixel image in it."""
    header = b"GIF89a" + struct.pack("<HHBBB", 65535, 65535, 0x80, 0, 0)
    palette = b"\x00\x00\x00\xff\xff\xff"
    descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
    lzw = b"\x02\x02\x44\x01\x00"  # minimum code size 2, one tiny block, terminator
    return header + palette + descriptor + lzw + b"\x3b"


def tiff_declaring(width: int, height: int) -> bytes:
    """A little-endian grey TIFF that declares width x height but holds 16 bytes."""
    entries = [
        (256, 4, 1, width),  # ImageWidth, LONG
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 0),  # StripOffsets (patched below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, 16),  # StripByteCounts
    ]
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    data_offset = ifd_offset + ifd_size
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 273:
            value = data_offset
        fmt = "<HHII" if typ == 4 else "<HHIHxx"
        ifd += struct.pack(fmt, tag, typ, count, value)
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", ifd_offset) + ifd + b"\x7f" * 16


def jpeg_with_corrupt_exif(photo: Image.Image) -> bytes:
    """A good JPEG whose APP1 EXIF block is garbage after a valid header."""
    buf = io.BytesIO()
    photo.convert("RGB").save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    garbage = b"Exif\x00\x00" + b"MM\x00*" + b"\xff\xff\xff\xf0" + bytes(range(256)) * 2
    app1 = b"\xff\xe1" + struct.pack(">H", len(garbage) + 2) + garbage
    return data[:2] + app1 + data[2:]


def broken_files(dst: Path, photo: Image.Image) -> dict[str, Path]:
    """Files that must each give one error line (and never a crash)."""
    dst.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = dst / name
        path.write_bytes(data)
        out[name] = path

    jpeg, png = io.BytesIO(), io.BytesIO()
    photo.convert("RGB").save(jpeg, "JPEG", quality=90)
    photo.convert("RGB").save(png, "PNG")
    put("empty.jpg", b"")
    put("truncated.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 3])
    put("truncated.png", png.getvalue()[: len(png.getvalue()) // 3])
    put("header-only.jpg", jpeg.getvalue()[:200])
    put("text.jpg", b"This is not a picture.\nJust some words in a file named like one.\n")
    put("random.jpg", rng.randbytes(4096))
    put("pixel-bomb.png", png_declaring(50_000, 50_000))
    put("pixel-bomb-just-over.png", png_declaring(15_000, 15_000))
    put("gif-bomb.gif", gif_bomb())
    put("absurd.tif", tiff_declaring(1_000_000, 1_000_000))
    return out


def good_files(dst: Path, photo: Image.Image) -> dict[str, Path]:
    """Files that must hash although they look wrong at first sight."""
    dst.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    png_as_jpg = dst / "png-named.jpg"
    photo.convert("RGB").save(png_as_jpg, "PNG")
    out["png-named.jpg"] = png_as_jpg
    no_ending = dst / "IMG_0001"
    photo.convert("RGB").save(no_ending, "JPEG", quality=90)
    out["IMG_0001"] = no_ending
    bad_exif = dst / "corrupt-exif.jpg"
    bad_exif.write_bytes(jpeg_with_corrupt_exif(photo))
    out["corrupt-exif.jpg"] = bad_exif
    return out


def non_images(dst: Path) -> dict[str, Path]:
    """Files a photo folder often holds beside the photos: skipped, not errors."""
    dst.mkdir(parents=True, exist_ok=True)
    out = {
        "notes.txt": b"remember to ask about the report\n",
        "album.json": b'{"title": "holiday"}\n',
        ".DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(64),
        "Thumbs.db": bytes(128),
    }
    paths = {}
    for name, data in out.items():
        path = dst / name
        path.write_bytes(data)
        paths[name] = path
    return paths


def mixed_folder(dst: Path, photo: Image.Image) -> Path:
    """A folder tree like a real one: photos, broken files, clutter, links, a loop."""
    root = dst / "mixed"
    (root / "sub" / "deeper").mkdir(parents=True)
    rgb = photo.convert("RGB")
    rgb.save(root / "a.jpg", "JPEG", quality=92)
    rgb.rotate(90, expand=True).save(root / "sub" / "b.png", "PNG")
    rgb.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(root / "sub" / "deeper" / "c.webp", "WEBP")
    (root / "empty.jpg").write_bytes(b"")
    (root / "sub" / "text.jpg").write_bytes(b"not an image\n")
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=90)
    (root / "sub" / "truncated.jpg").write_bytes(buf.getvalue()[:900])
    non_images(root)
    (root / "x.jpg").mkdir()  # a folder named like an image: walked, not an error
    os.symlink("..", root / "sub" / "loop")  # symlink loop back to the root
    os.symlink("no-such-file.txt", root / "dangling.txt")  # not named like an image: skipped
    os.symlink("no-such-photo.jpg", root / "sub" / "dangling.jpg")  # named like one: an error
    return root
