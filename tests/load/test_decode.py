"""Tests of compare.load.decode: the encoding rule, for bytes and for streams.

`decode_bytes`: UTF-8, BOMs, the cp1252 fallback, undecodable and binary
input. `detect_encoding` (the rule over a stream, block by block, which
streamed CSV uses) decides exactly as `decode_bytes` does, whatever the
block size, undecodable offsets included.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.load.decode import DecodeError, decode_bytes, detect_encoding


def test_decode_utf8() -> None:
    assert decode_bytes("Nicolás – “ok”".encode()) == ("Nicolás – “ok”", "utf-8")


def test_decode_utf8_bom_is_stripped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfhello") == ("hello", "utf-8-sig")


def test_decode_utf16_with_bom() -> None:
    assert decode_bytes("héllo".encode("utf-16")) == ("héllo", "utf-16")


def test_decode_falls_back_to_cp1252() -> None:
    data = "café – it’s “quoted”".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == ("café – it’s “quoted”", "cp1252")


# Real sentences in legacy encodings that are not Windows-1252.
LEGACY = [
    ("Привет, мир! Это тестовый текст на русском языке, в кодировке Windows-1251.", "cp1251"),
    ("Москва является столицей России и крупнейшим городом страны. В городе живут миллионы людей.", "koi8-r"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Příliš žluťoučký kůň.", "cp1250"),
    ("これは日本語のテキストです。東京は日本の首都です。", "cp932"),
    ("这是一个中文文本。北京是中国的首都。上海是中国的城市。", "gb18030"),
    ("هذا نص عربي للاختبار. القاهرة عاصمة مصر.", "cp1256"),
    ("Αυτό είναι ένα ελληνικό κείμενο. Η Αθήνα είναι η πρωτεύουσα.", "cp1253"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY)
def test_legacy_encodings_are_detected_not_read_as_cp1252(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_a_declared_charset_is_honoured() -> None:
    # Two Cyrillic words are too few to detect; the page says what they are.
    page = '<html><head><meta charset="windows-1251"><title>Мир</title></head><body>Мир</body></html>'
    assert decode_bytes(page.encode("cp1251")) == (page, "cp1251")
    old_form = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Мир</p>'
    assert decode_bytes(old_form.encode("koi8-r")) == (old_form, "koi8-r")


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    page = '<meta charset="iso-8859-1"><p>Nicolás</p>'  # a common mistake: the page is UTF-8
    assert decode_bytes(page.encode()) == (page, "utf-8")


def test_a_declared_charset_that_does_not_fit_is_not_used() -> None:
    page = '<meta charset="ascii"><p>Привет, мир! Это тестовый текст на русском языке.</p>'
    assert decode_bytes(page.encode("cp1251")) == (page, "cp1251")


def test_a_few_stray_bytes_are_not_taken_for_a_legacy_encoding() -> None:
    with pytest.raises(DecodeError, match=r"not UTF-8 .* not cp1252"):
        decode_bytes(b"ok \x81\x8d")  # would be one Shift-JIS character


def test_decode_undecodable_bytes_raise() -> None:
    # Every high byte: not UTF-8, no legacy encoding charset-normalizer knows, 0x81 undefined in cp1252.
    with pytest.raises(DecodeError, match="undecodable") as info:
        decode_bytes(b"ok " + bytes(range(0x80, 0x100)))
    assert str(info.value) == (
        "undecodable bytes: not UTF-8 (byte 0x80 at offset 3), not cp1252 (byte 0x81 at offset 4)"
    )


def test_decode_undecodable_offset_counts_the_bom() -> None:
    with pytest.raises(DecodeError, match="offset 5"):
        decode_bytes(b"\xef\xbb\xbfab\xff")


def test_decode_nul_bytes_mean_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"PK\x03\x04\x00\x00text")


def test_decode_control_characters_mean_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(1, 9)) * 10)


def test_decode_empty_bytes_is_empty_text() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


# ------------------------------------------------------------------ detect_encoding


def _outcome(data: bytes, block_size: int | None = None) -> tuple[str, str]:
    """(text, encoding) or ("error", message): of `decode_bytes`, or of
    `detect_encoding` over a stream in blocks of `block_size`."""
    try:
        if block_size is None:
            return decode_bytes(data)
        encoding = detect_encoding(io.BytesIO(data), block_size).encoding
        return data.decode(encoding), encoding
    except DecodeError as exc:
        return "error", str(exc)


_PIECES = [b"a", b" ", b"\n", "é".encode(), "€".encode(), "😀".encode(), b"\xff", b"\x81", b"\x00"]
_PIECES += [b"\x01", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x82", b"\xd8", b"\x00\xd8", b"\x93"]


@settings(max_examples=400, deadline=None)
@given(
    start=st.sampled_from([b"", b"\xef\xbb\xbf", "héllo".encode("utf-16")]),
    pieces=st.lists(st.sampled_from(_PIECES), max_size=40),
    block_size=st.integers(1, 9),
)
def test_a_stream_in_blocks_is_decided_as_its_bytes(
    start: bytes, pieces: list[bytes], block_size: int
) -> None:
    data = start + b"".join(pieces)
    assert _outcome(data, block_size) == _outcome(data)


def test_a_character_split_between_blocks_is_still_utf8() -> None:
    data = ("x" * 9 + "€") * 50
    detected = detect_encoding(io.BytesIO(data.encode()), block_size=10)
    assert detected.encoding == "utf-8" and detected.has_text


def test_invalid_utf8_after_the_first_block_falls_back_to_cp1252() -> None:
    data = b"id,text\n" + b"a,plain ascii\n" * 100 + "b,caf\xe9\n".encode("latin-1")
    assert detect_encoding(io.BytesIO(data), block_size=64).encoding == "cp1252"


def test_whitespace_only_has_no_text_and_the_stream_is_left_where_it_was() -> None:
    stream = io.BytesIO(b"skip  \n\t \n")
    stream.seek(4)
    detected = detect_encoding(stream)
    assert (detected.encoding, detected.has_text) == ("utf-8", False)
    assert stream.tell() == 4


def test_undecodable_utf16_names_its_offset() -> None:
    with pytest.raises(DecodeError, match=r"invalid utf-16 at offset 4"):
        detect_encoding(io.BytesIO(b"\xff\xfea\x00\x00\xdcb\x00"), block_size=3)
