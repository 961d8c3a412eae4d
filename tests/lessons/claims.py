"""What a lesson's text states, read out of its English and its Chinese, for a test to hold against the code.

    stated(notice(lesson, 0), r"at step (\\d+)", r"第 (\\d+) 步")   # ["1"], found alike in both languages
    stated(body(lesson), r"([\\d,]+) parameters", r"共 ([\\d,]+) 个参数", convert=number)   # [Decimal("5186")]
    says(notice(lesson, 1), r"silent before", r"之前没有反应")   # a worded claim, in each language's words
    rounds_to(161.56, number("160"))     # True: the value, to the digits the text gives, is what it says
    nearest_power(4.8e-25, number("10⁻²⁵"))   # True: "about 10⁻²⁵"

A claim edited in one language only, or a number the code no longer computes, fails the test that reads it.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

LANGS = ("en", "zh")
_SUPERSCRIPTS = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"
_PLAIN = str.maketrans(_SUPERSCRIPTS, "-0123456789")


def body(lesson) -> dict:
    return {lang: lesson.body[lang] for lang in LANGS}


def notice(lesson, item: int) -> dict:
    return {lang: lesson.notice[lang][item] for lang in LANGS}


def corrections(lesson) -> dict:
    return {lang: lesson.corrections[lang] for lang in LANGS}


def stated(texts: dict, pattern: str, zh_pattern: str | None = None, convert=str) -> list:
    """Every match of `pattern` in the English text and of `zh_pattern` (default: the same) in the Chinese, each
    group passed through `convert`. Both languages must state something, and the same thing."""
    found = {}
    for lang, regex in (("en", pattern), ("zh", zh_pattern or pattern)):
        matches = re.findall(regex, texts[lang])
        found[lang] = [tuple(map(convert, m)) if isinstance(m, tuple) else convert(m) for m in matches]
    assert found["en"], f"{pattern!r} is not in the English text: {texts['en']!r}"
    assert found["en"] == found["zh"], f"the two languages state different things: {found}"
    return found["en"]


def says(texts: dict, pattern: str, zh_pattern: str) -> None:
    """A worded claim (no number to read): the English text matches `pattern`, the Chinese `zh_pattern`."""
    for lang, regex in (("en", pattern), ("zh", zh_pattern)):
        assert re.search(regex, texts[lang]), f"{regex!r} is not in the {lang} text: {texts[lang]!r}"


def number(text: str) -> Decimal:
    """A number as the lessons write it: 5,186 · 20 000 · 2 万 · 4.4e-5 · 4.3607 × 10⁻⁵ · 10⁻¹⁹⁹⁸ (exactly)."""
    s = text.strip()
    if any(ch in _SUPERSCRIPTS for ch in s):
        mantissa, _, power = s.rpartition("10")
        mantissa = mantissa.strip().removesuffix("×").strip()
        return (number(mantissa) if mantissa else Decimal(1)).scaleb(int(power.translate(_PLAIN)))
    if s.endswith("万"):
        return number(s[:-1]) * 10_000
    return Decimal(s.replace(",", "").replace(" ", "").replace("+", ""))


def rounds_to(value, stated_value: Decimal) -> bool:
    """The value, rounded to the last significant digit the text gives (160: tens; 0.0000436: 10⁻⁷), is what
    the text says."""
    exponent = stated_value.normalize().as_tuple().exponent
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN) == stated_value


def nearest_power(value: float, power: Decimal) -> bool:
    """"About 10^k": of all powers of ten, 10^k is the one nearest the value (between 0.55 · 10^k and 5.5 · 10^k)."""
    k = math.log10(float(power))
    assert k == round(k), f"{power} is not a power of ten"
    return 0.55 * 10 ** k <= value < 5.5 * 10 ** k
