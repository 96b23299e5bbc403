"""The short cuts the page model takes for speed read exactly what the plain ways read."""

from __future__ import annotations

import base64
import ctypes
import random
import zlib

import pytest

from conftest import SAMPLE_PDF


def _decoded(decode, body: bytes):
    try:
        return decode(body)
    except ValueError as exc:
        return f"ValueError: {exc}"


def _ascii85_cases() -> list[bytes]:
    rng = random.Random(7)
    cases = [b"", b"u", b"uu", b"s8W-!", b's8W-"', b"z", b"!z", b"!!!!!z", b"s8W-!u"]
    for _ in range(2000):
        # Zero bytes often, so that "z" groups appear; lengths of every remainder mod 4.
        data = bytes(rng.randrange(256) if rng.random() < 0.6 else 0 for _ in range(rng.randrange(40)))
        encoded = base64.a85encode(data)
        damaged = bytearray(encoded)
        for _ in range(rng.randint(1, 3) if damaged else 0):
            damaged[rng.randrange(len(damaged))] = rng.choice([rng.randrange(256), *b"!uzvs~"])
        cases += [encoded, bytes(damaged), encoded[: rng.randrange(len(encoded) + 1)]]
    return cases


def test_ascii85_is_decoded_as_base64_decodes_it_or_fails_as_it_fails():
    from extractors.pages import _a85decode

    for body in _ascii85_cases():
        assert _decoded(_a85decode, body) == _decoded(base64.a85decode, body), body


def _pdf_with_stream(encoded: bytes) -> bytes:
    return (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(encoded)).encode()
            + b" /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n" + encoded + b"\nendstream\nendobj\n%%EOF\n")


@pytest.mark.parametrize("damage, found", [
    (lambda body: body, None),
    (lambda body: body[: len(body) // 2], "stops short of its end"),
    (lambda body: body[:40] + bytes(b ^ 0x55 for b in body[40:60]) + body[60:], "does not decompress"),
])
def test_a_damaged_ascii85_stream_is_found(tmp_path, damage, found):
    from extractors.pages import compressed_stream_damage

    content = b"BT /F1 10 Tf 72 720 Td (Areas for improvement) Tj ET\n" * 40
    body = damage(zlib.compress(content))
    path = tmp_path / "one-stream.pdf"
    path.write_bytes(_pdf_with_stream(base64.a85encode(body, wrapcol=72) + b"~>"))
    damage_found = compressed_stream_damage(path)
    assert (damage_found is None) if found is None else (found in damage_found)


def test_the_calls_made_per_character_read_what_pypdfium2s_typed_calls_read():
    """`_Calls` declares no argument types for the calls made once a character or object."""
    import pypdfium2.raw as raw

    from extractors import pdfium

    call = pdfium._bound_calls(raw)
    pdf = pdfium.open_pdf(SAMPLE_PDF)
    read = 0
    try:
        for index in range(3):
            page = pdf[index]
            textpage = page.get_textpage()
            read += _compare_calls(raw, call, textpage.raw)
            handle = ctypes.c_void_p(ctypes.cast(page.raw, ctypes.c_void_p).value)
            for i in range(raw.FPDFPage_CountObjects(page.raw)):
                typed = raw.FPDFPage_GetObject(page.raw, i)
                assert call.page_object(handle, i) == ctypes.cast(typed, ctypes.c_void_p).value
                assert call.object_type(call.page_object(handle, i)) == raw.FPDFPageObj_GetType(typed)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    assert read > 1000


def _compare_calls(raw, call, textpage) -> int:
    tp = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    box, typed_box = raw.FS_RECTF(), raw.FS_RECTF()
    x, y, typed_x, typed_y = (ctypes.c_double() for _ in range(4))
    count = raw.FPDFText_CountChars(textpage)
    for i in range(count):
        call.loose_box(tp, i, ctypes.byref(box))
        raw.FPDFText_GetLooseCharBox(textpage, i, typed_box)
        assert [getattr(box, k) for k in "left right top bottom".split()] == [
            getattr(typed_box, k) for k in "left right top bottom".split()]
        call.origin(tp, i, ctypes.byref(x), ctypes.byref(y))
        raw.FPDFText_GetCharOrigin(textpage, i, typed_x, typed_y)
        assert (x.value, y.value) == (typed_x.value, typed_y.value)
        typed_object = ctypes.cast(raw.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
        assert (call.text_object(tp, i) or 0) == (typed_object or 0)
        assert bool(call.generated(tp, i)) == bool(raw.FPDFText_IsGenerated(textpage, i))
    return count
