"""中文小写数字，按法院文书的写法（纯规则，不依赖 Django）。

文书落款与正文中的日期，年份逐字书写、零写作“〇”（二〇二六年），月、日按数计（十一月二十六日）；
法条引用中的序数（第一百一十四条第一款第六项）、期间（拘留十五日）和裁定书文号的“之一、之二……”
同样按数计：十至十九省去“一”（十、十五），百位以上的“一十”保留（一百一十四），中间缺位只写一个
“零”（一百零五、一千零一十）。执行文书（受理通知书、执行通知书、强制措施决定书）与查控措施的
裁定书文号共用这一写法。
"""

from __future__ import annotations

__all__ = ["MAX_NUMBER", "chinese_digits", "chinese_number"]

MAX_NUMBER = 9999  # 千位为止：条文序号、日数、月日与文号序号均不超过此数

_DIGITS = "〇一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))


def chinese_number(number: int) -> str:
    """1–9999 counted: 八, 十, 十五, 一百零五, 一百一十四, 一千零一十, 二千零二十六."""
    if not 0 < number <= MAX_NUMBER:
        raise ValueError(f"只能写 1 至 {MAX_NUMBER} 的数：{number}")
    text = ""
    gap = False
    for size, unit in _UNITS:
        digit = number // size % 10
        if digit == 0:
            gap = bool(text)  # a zero after a written digit; written once, before the next one
            continue
        if gap:
            text += "零"
            gap = False
        if not (digit == 1 and size == 10 and not text):  # 十五, but 一百一十四
            text += _DIGITS[digit]
        text += unit
    return text


def chinese_digits(number: int) -> str:
    """A year written digit by digit, zero as 〇: 2026 → 二〇二六, 2000 → 二〇〇〇."""
    if number < 0:
        raise ValueError(f"不能为负数：{number}")
    return "".join(_DIGITS[int(d)] for d in str(number))
