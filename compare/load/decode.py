"""Bytes to text: the one rule deciding a file's encoding.

In order:

1. a byte-order mark: UTF-8, or UTF-16;
2. valid UTF-8 (nearly no text in another encoding is);
3. a charset the file declares (``<meta charset="windows-1251">`` or the
   ``http-equiv`` form, in its first 64 KB), when the bytes decode with it;
   ``iso-8859-1`` and ``ascii`` mean Windows-1252, as in browsers (the
   WHATWG Encoding Standard);
4. else the encoding charset-normalizer finds in the first 64 KB, unless
   Windows-1252 (the usual encoding of such Western web text, which short
   texts cannot tell from its cousins) reads as cleanly, or fewer than 8
   bytes are not ASCII (too little to tell anything from).

Bytes that no candidate decodes, and binary files, are a `DecodeError`
naming the offset.
`detect_encoding` applies the rule to a stream, block by block, so that a
large CSV is decided without holding it; `decode_bytes` applies the same
function to bytes in memory, so both always agree.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

__all__ = [
    "FALLBACK_ENCODING",
    "DecodeError",
    "Detected",
    "declared_charset",
    "decode_bytes",
    "detect_encoding",
]

FALLBACK_ENCODING = "cp1252"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: How much of the start is checked for NUL bytes and control characters (bytes, then characters).
_HEAD = 65536
_BLOCK = 1 << 20


class DecodeError(ValueError):
    """The bytes of a file are not text this tool can read."""


@dataclass(frozen=True)
class Detected:
    """A stream's encoding (a Python codec's name: ``utf-8-sig`` drops the BOM,
    ``utf-16`` reads it), and whether it holds any text (not only whitespace)."""

    encoding: str
    has_text: bool


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return ``(text, encoding)``.

    Raises `DecodeError` with a message saying what is wrong.

    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    encoding = detect_encoding(io.BytesIO(data)).encoding
    return data.decode(encoding), encoding


def detect_encoding(stream: IO[bytes], block_size: int = _BLOCK) -> Detected:
    """The encoding of what `stream` holds from where it is, read in blocks of
    `block_size` bytes; the stream is left where it was. Raises `DecodeError`
    as `decode_bytes` does (it is the same rule)."""
    origin = stream.tell()
    try:
        head = stream.read(_HEAD)
        if head.startswith(_UTF8_BOM):
            return _strict(stream, origin, "utf-8", "utf-8-sig", len(_UTF8_BOM), block_size)
        if head.startswith(_UTF16_BOMS):
            return _strict(stream, origin, "utf-16", "utf-16", 0, block_size)
        nul = head.count(b"\x00")
        if nul >= 8:
            # Text has no NUL bytes; a stray few (seen in real scraped text) are tolerated.
            raise DecodeError(
                f"binary file ({nul} NUL bytes in the first {len(head)}), not text; "
                "UTF-16 needs a byte-order mark"
            )
        scan = _scan(stream, origin, "utf-8", 0, block_size)
        encoding = "utf-8"
        if scan.error is not None:
            utf8_at, utf8_byte = scan.error
            tried = []
            for encoding in _legacy_candidates(head):
                scan = _scan(stream, origin, encoding, 0, block_size)
                if scan.error is None:
                    break
                tried.append(f"not {encoding} (byte 0x{scan.error[1]:02x} at offset {scan.error[0]})")
            else:
                raise DecodeError(
                    f"undecodable bytes: not UTF-8 (byte 0x{utf8_byte:02x} at offset {utf8_at}), "
                    + ", ".join(tried)
                )
        sample = scan.sample
        controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
        if controls > 0.05 * len(sample):
            raise DecodeError(
                f"binary file ({100 * controls / len(sample):.0f}% control characters), not text"
            )
        return Detected(encoding, scan.has_text)
    finally:
        stream.seek(origin)


#: Labels browsers read as Windows-1252 (WHATWG Encoding Standard), Python's names.
_WINDOWS_1252_LABELS = {"iso8859-1", "ascii", "cp1252"}
_HIGH_BYTES = bytes(range(0x80, 0x100))
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
#: How much cleaner than Windows-1252 another encoding must read (charset-normalizer's mess ratio).
_CLEANER_BY = 0.05
#: Bytes above ASCII an encoding is detected from, at least: fewer are no evidence (a few stray
#: bytes decode as something in most legacy encodings).
_EVIDENCE = 8


def declared_charset(head: bytes) -> str | None:
    """The Python codec of the charset an HTML head declares, if any and known.

    >>> declared_charset(b'<head><meta charset="windows-1251"></head>')
    'cp1251'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    """
    found = _META_CHARSET.search(head)
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return FALLBACK_ENCODING if name in _WINDOWS_1252_LABELS else name


def _legacy_candidates(head: bytes) -> Iterator[str]:
    """The encodings to try, in order, for bytes that are not UTF-8 (see the
    module's rule); charset-normalizer runs only when a declaration does not fit."""
    declared = declared_charset(head)
    if declared is not None and declared not in ("utf-8", "utf-16", FALLBACK_ENCODING):
        yield declared  # Windows-1252 comes last anyway, as a declaration or not
    guess = _guess(head)
    if guess is not None and guess not in (declared, FALLBACK_ENCODING):
        yield guess
    yield FALLBACK_ENCODING


def _guess(head: bytes) -> str | None:
    """charset-normalizer's encoding for `head`, or None when Windows-1252 reads as
    cleanly or there is too little to go on (`_EVIDENCE`)."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    if len(head) - len(head.translate(None, _HIGH_BYTES)) < _EVIDENCE:
        return None
    best = from_bytes(head).best()
    if best is None:
        return None
    try:
        western = mess_ratio(head.decode(FALLBACK_ENCODING), maximum_threshold=1.0)
    except UnicodeDecodeError:
        return codecs.lookup(best.encoding).name
    if western <= best.chaos + _CLEANER_BY:
        return None
    return codecs.lookup(best.encoding).name


@dataclass
class _Scan:
    """What decoding a whole stream found: the first `_HEAD` characters, whether
    any is not whitespace, and the first undecodable byte (offset, value)."""

    sample: str = ""
    has_text: bool = False
    error: tuple[int, int] | None = None


def _strict(stream: IO[bytes], origin: int, codec: str, name: str, skip: int, block_size: int) -> Detected:
    scan = _scan(stream, origin, codec, skip, block_size)
    if scan.error is not None:
        raise DecodeError(f"undecodable bytes: invalid {name} at offset {scan.error[0]}")
    return Detected(name, scan.has_text)


def _scan(stream: IO[bytes], origin: int, codec: str, skip: int, block_size: int) -> _Scan:
    """Decode the stream from `origin` + `skip` bytes with `codec`, incrementally;
    offsets count from `origin`."""
    stream.seek(origin + skip)
    decoder = codecs.getincrementaldecoder(codec)()
    out = _Scan()
    fed = skip  # bytes given to the decoder so far, counted from `origin`
    while True:
        block = stream.read(block_size)
        pending = len(decoder.getstate()[0])  # bytes of an unfinished character, held back
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            out.error = (fed - pending + exc.start, exc.object[exc.start])
            return out
        fed += len(block)
        if len(out.sample) < _HEAD:
            out.sample += text[: _HEAD - len(out.sample)]
        if not out.has_text and text and not text.isspace():
            out.has_text = True
        if not block:
            return out
