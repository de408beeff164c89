"""Turn the bytes of an input file into text: UTF-8 first, then the declared or detected encoding."""

from __future__ import annotations

import re

from claimcheck.errors import InputError

#: Byte-order marks and their encodings, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)|encoding=["']([\w-]+)["']""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control characters near the start."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, input_name: str, declared: str | None = None) -> str:
    """Decode `data`; raise InputError naming `input_name` when it is binary or undecodable.

    A byte-order mark is believed first: Windows saves "Unicode" text as UTF-16 with one, and its NUL
    bytes would otherwise look binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(input_name, f"cannot decode the text (it starts as {encoding} but is not)") from None
    if looks_binary(data):
        raise InputError(input_name, "binary file, not an article (expected text, Markdown, HTML or DOCX)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    found = _DECLARED.search(data[:4096])
    if found:
        candidates.append((found.group(1) or found.group(2)).decode("ascii", "ignore"))
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(input_name, "cannot decode the text (not UTF-8 and no usable encoding detected)")
    return str(best)
