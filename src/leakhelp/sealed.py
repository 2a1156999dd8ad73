"""Encrypted ("sealed") hash-only exports: a passphrase protects the file.

A hash-only export holds no image, but fingerprints can be partly turned back
into a very rough picture, and the case name may be in it. Sealed, the file
can travel by e-mail or a USB stick while the passphrase goes another way.

The container (documented in ``docs/export-format.md``)::

    offset  size  field
    0       16    magic  b"leakhelp-sealed\\n"
    16      1     version (1)
    17      1     KDF id (1 = scrypt)
    18      1     log2 of scrypt's N (cost)
    19      1     scrypt r (block size)
    20      1     scrypt p (parallelism)
    21      16    salt (random)
    37      12    nonce (random)
    49      ...   AES-256-GCM ciphertext of the export, with its 16-byte tag

The key is scrypt(passphrase in NFC, UTF-8; salt; N, r, p) → 32 bytes. The
whole header (bytes 0-48) is the GCM associated data, so changing a KDF
parameter, the salt or the version is detected like any other change.

The KDF parameters are read from the file, so they are bounded before use:
a hostile file cannot ask for more than :data:`MAX_SCRYPT_MEMORY` of memory
or more than ``2**MAX_LOG2_N`` rounds.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .errors import LeakhelpError, UsageError

#: A passphrase, or a function that asks for it only when a file needs one.
Passphrase = str | Callable[[], str] | None

MAGIC = b"leakhelp-sealed\n"
VERSION = 1
KDF_SCRYPT = 1
_HEADER = struct.Struct(">16sBBBBB16s12s")
HEADER_SIZE = _HEADER.size  # 49
SALT_SIZE = 16
NONCE_SIZE = 12
KEY_SIZE = 32

#: scrypt cost for new files: N = 2**17, r = 8, p = 1 uses 128 MiB and about
#: half a second on a laptop (the figure OWASP's password storage cheat sheet
#: gives as a minimum is N = 2**17 with r = 8); a passphrase guesser pays
#: that for every guess.
DEFAULT_LOG2_N = 17
DEFAULT_R = 8
DEFAULT_P = 1
#: Bounds for files we read: from our own cost's lower neighbourhood up to
#: four times its memory. 128 * r * N bytes is scrypt's memory use.
MIN_LOG2_N = 14
MAX_LOG2_N = 20
MAX_R = 16
MAX_P = 4
MAX_SCRYPT_MEMORY = 512 * 1024 * 1024
#: Passphrases shorter than this get a warning (not a refusal: a counsellor's
#: own rules may differ); see docs/SECURITY.md.
RECOMMENDED_PASSPHRASE_LENGTH = 10


class SealedExportError(LeakhelpError):
    """A sealed export could not be opened: a wrong passphrase, a changed or
    damaged file, or parameters outside what leakhelp accepts."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    log2_n: int = DEFAULT_LOG2_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P

    @property
    def memory(self) -> int:
        return 128 * self.r * (1 << self.log2_n)

    def check(self) -> None:
        """Refuse parameters that would cost more than we allow (or too little)."""
        if not (
            MIN_LOG2_N <= self.log2_n <= MAX_LOG2_N
            and 1 <= self.r <= MAX_R
            and 1 <= self.p <= MAX_P
            and self.memory * self.p <= MAX_SCRYPT_MEMORY
        ):
            raise SealedExportError("sealed.error.kdf", log2_n=self.log2_n, r=self.r, p=self.p)


def is_sealed(data: bytes) -> bool:
    """Whether ``data`` (the start of a file is enough) is a sealed export."""
    return data.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # only when sealing

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Scrypt(salt=salt, length=KEY_SIZE, n=1 << params.log2_n, r=params.r, p=params.p)
    return kdf.derive(secret)


def seal(plaintext: bytes, passphrase: str, *, params: KdfParams | None = None) -> bytes:
    """Encrypt ``plaintext`` (an export) with a key made from ``passphrase``."""
    if not passphrase:
        raise UsageError("sealed.error.no-passphrase")
    chosen = params or KdfParams()
    chosen.check()
    salt = os.urandom(SALT_SIZE)
    nonce = os.urandom(NONCE_SIZE)
    header = _HEADER.pack(
        MAGIC, VERSION, KDF_SCRYPT, chosen.log2_n, chosen.r, chosen.p, salt, nonce
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key(passphrase, salt, chosen)
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """Decrypt a sealed export; :class:`SealedExportError` on any problem."""
    if len(data) < HEADER_SIZE + 16 or not is_sealed(data):
        raise SealedExportError("sealed.error.incomplete")
    header = data[:HEADER_SIZE]
    _magic, version, kdf, log2_n, r, p, salt, nonce = _HEADER.unpack(header)
    if version > VERSION:
        raise SealedExportError("sealed.error.newer", version=version)
    if version != VERSION or kdf != KDF_SCRYPT:
        raise SealedExportError("sealed.error.unknown-format")
    params = KdfParams(log2_n=log2_n, r=r, p=p)
    params.check()
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key(passphrase, salt, params)
    try:
        return AESGCM(key).decrypt(nonce, data[HEADER_SIZE:], header)
    except InvalidTag:
        raise SealedExportError("sealed.error.cannot-open") from None


def open_sealed(data: bytes, passphrase: Passphrase) -> bytes:
    """``data`` as it is, or decrypted when it is a sealed export.

    The one call the export reader makes: a plain export passes through, and
    ``passphrase`` (when a function) is only asked for when it is needed.
    """
    if not is_sealed(data):
        return data
    if passphrase is None:
        raise SealedExportError("sealed.error.needs-passphrase")
    return unseal(data, passphrase() if callable(passphrase) else passphrase)
