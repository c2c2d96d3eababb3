"""Bytes to text: the one rule deciding a file's encoding.

UTF-8 (a BOM is honoured, UTF-16 with a BOM too); a file that is not valid
UTF-8 is Windows-1252, the usual encoding of such web text. Bytes that
neither decodes, and binary files, are a `DecodeError` naming the offset.
`detect_encoding` applies the rule to a stream, block by block, so that a
large CSV is decided without holding it; `decode_bytes` applies the same
function to bytes in memory, so both always agree.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import IO

__all__ = ["FALLBACK_ENCODING", "DecodeError", "Detected", "decode_bytes", "detect_encoding"]

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
            scan = _scan(stream, origin, FALLBACK_ENCODING, 0, block_size)
            encoding = FALLBACK_ENCODING
            if scan.error is not None:
                at, byte = scan.error
                raise DecodeError(
                    f"undecodable bytes: not UTF-8 (byte 0x{utf8_byte:02x} at offset {utf8_at}) "
                    f"and not {FALLBACK_ENCODING} (byte 0x{byte:02x} at offset {at})"
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
