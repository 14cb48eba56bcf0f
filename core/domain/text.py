"""Text people can trust: invisible characters, bidirectional overrides and look-alike names.

- Invisible: text that shows nothing once its invisible characters are gone (zero-width spaces,
  joiners, BOMs, fillers...) is blank. `INVISIBLE` is Unicode's format characters (general
  category Cf, which `re` cannot name: tests/test_text.py checks the table against
  `unicodedata` for every code point) plus the default-ignorable characters of other categories
  that render as nothing (combining grapheme joiner, Hangul fillers, variation selectors,
  Mongolian free variation selectors, the Braille blank).
- Bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069) reorder what is shown
  ("Trojan Source", CVE-2021-42574): refused in titles, tags and bios; usernames allow letters,
  digits, `_`, `.` and `-` only, so they never contain them.
- Look-alike usernames: `skeleton` is UTS #39's idea (map each character to the prototype of
  its confusable class) over the Unicode confusables data shipped by `confusable_homoglyphs`,
  after NFKC and case folding. Two names with one skeleton look the same (Latin "jake" and
  "j\u0430ke" with a Cyrillic a); the second is refused.
"""

import json
import re
import unicodedata
from functools import cache
from importlib.resources import files

# (first, last) code points, inclusive. BMP ranges first: JSON Schema patterns state only those
# (an astral range needs the `u` flag, which not every validator applies); validators use all.
_INVISIBLE_BMP = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0x2800, 0x2800),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
]  # fmt: skip
_INVISIBLE_ASTRAL = [
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
]  # fmt: skip
INVISIBLE = _INVISIBLE_BMP + _INVISIBLE_ASTRAL
BIDI_CONTROLS = [(0x202A, 0x202E), (0x2066, 0x2069)]


def char_class(ranges: list[tuple[int, int]]) -> str:
    """The ranges as the inside of a regex character class, in `\\uXXXX` escapes (read alike by
    Python's `re` and ECMAScript, for BMP code points)."""

    def escape(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return "".join(
        escape(first) if first == last else f"{escape(first)}-{escape(last)}"
        for first, last in ranges
    )


INVISIBLE_BMP_CLASS = char_class(_INVISIBLE_BMP)
BIDI_CLASS = char_class(BIDI_CONTROLS)
_VISIBLE = re.compile(f"[^\\s{char_class(INVISIBLE)}]")
_BIDI = re.compile(f"[{BIDI_CLASS}]")


def has_visible(value: str) -> bool:
    """Whether `value` shows anything: a character that is neither whitespace nor invisible."""
    return _VISIBLE.search(value) is not None


def has_bidi_control(value: str) -> bool:
    return _BIDI.search(value) is not None


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character → one representative of its class (the smallest), from the
    confusables data: each class is joined through its pairs (union-find)."""
    data = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text())
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for char, glyphs in data.items():
        for glyph in glyphs:
            other = glyph["c"].strip("\u200e")  # the data wraps RTL characters in LRMs
            if len(char) != 1 or len(other) != 1:
                continue  # sequences ("rn" for "m") are same-script look-alikes: out of scope
            a, b = find(char), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {c: find(c) for c in parent}


def username_normal(value: str) -> str:
    """A username as stored: NFKC (fullwidth and compatibility forms become the plain ones)."""
    return unicodedata.normalize("NFKC", value)


def skeleton(value: str) -> str:
    """What a name looks like: NFKC, case-folded, each character mapped to its confusable
    class's representative. Equal skeletons: the names look alike."""
    prototypes = _prototypes()
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(prototypes.get(c, c) for c in unicodedata.normalize("NFD", folded))
