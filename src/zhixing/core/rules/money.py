"""金额：精确到分的 Decimal 与人民币大写（纯规则，不依赖 Django）。

中国人民银行《支付结算办法》（银发〔1997〕393号）附件一《正确填写票据和结算凭证的基本规定》：
中文大写金额数字用 壹、贰、叁、肆、伍、陆、柒、捌、玖、拾、佰、仟、万、亿、元、角、分、零、整；
到“元”为止的，在“元”之后应写“整”；到“角”为止的，可以不写“整”；有“分”的，不写“整”；
阿拉伯数字中间有“0”或连续几个“0”时，中文大写写一个“零”字。

不直接使用 cn2an.an2cn(..., "rmb")：cn2an 0.5.24 在“万”级整节为 0 且其后千位非 0 时漏写“零”
（100001000 → “壹亿壹仟元整”，易被读作 1.1 亿），故在此自行实现；测试中以 cn2an 作对照。
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CENT",
    "MAX_UPPERCASE",
    "MoneyError",
    "format_money",
    "money_uppercase",
    "to_money",
]

CENT = Decimal("0.01")
MAX_UPPERCASE = Decimal("1000000000000")  # 壹万亿元：大写金额支持到 9999亿 为止

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SECTION_UNITS = ("仟", "佰", "拾", "")
_SECTION_NAMES = ("", "万", "亿")
_AMOUNT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


class MoneyError(ValueError):
    """金额不合法；code 为英文点分代码，message 为中文说明。"""

    def __init__(self, code: str, message: str, field: str = "amount") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def to_money(value: str | int | Decimal) -> Decimal:
    """把输入转为精确到分的 Decimal（两位小数）。

    不接受 float（二进制浮点无法精确表示金额）；不做静默舍入：超过两位小数且尾数非零的，
    报 money.precision（《支付结算办法》附件一：金额以元、角、分为单位）。字符串可带千位分隔逗号。
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"金额须为 str、int 或 Decimal，不能是 {type(value).__name__}")
    if isinstance(value, str):
        text = value.strip()
        if not _AMOUNT.fullmatch(text):
            raise MoneyError("money.format", "金额格式不正确")
        number = Decimal(text.replace(",", ""))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        number = value
    if not number.is_finite():
        raise MoneyError("money.format", "金额格式不正确")
    try:
        quantized = number.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # 超出 Decimal 上下文精度（28 位有效数字）
        raise MoneyError("money.too_large", "金额过大") from None
    if quantized != number:
        raise MoneyError("money.precision", "金额最多保留两位小数")
    if quantized.is_zero():
        return Decimal("0.00")
    return quantized


def _integer_uppercase(yuan: int) -> str:
    """整数部分：按四位一节（个、万、亿）读写。节末尾的 0 不写“零”；节内或跨节夹在非零数字
    之间的 0（包括整节为 0）写一个“零”。"""
    if yuan == 0:
        return "零"
    sections: list[int] = []
    while yuan:
        yuan, section = divmod(yuan, 10000)
        sections.append(section)
    parts: list[str] = []
    zero_pending = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            zero_pending = bool(parts)
            continue
        text = ""
        for position, char in enumerate(f"{section:04d}"):
            if char == "0":
                zero_pending = zero_pending or bool(parts or text)
                continue
            if zero_pending:
                text += "零"
                zero_pending = False
            text += _DIGITS[int(char)] + _SECTION_UNITS[position]
        parts.append(text + _SECTION_NAMES[index])
        zero_pending = False  # 节末尾的 0 不读
    return "".join(parts)


def money_uppercase(value: Decimal | str | int) -> str:
    """人民币大写金额（不含“人民币”字样）。

    中国人民银行《支付结算办法》附件一。例：123456.78 → 壹拾贰万叁仟肆佰伍拾陆元柒角捌分；
    500 → 伍佰元整；1.01 → 壹元零壹分；0.50 → 伍角。负数报 money.negative；不小于壹万亿元报
    money.too_large。
    """
    amount = to_money(value)
    if amount < 0:
        raise MoneyError("money.negative", "金额不能为负数")
    if amount >= MAX_UPPERCASE:
        raise MoneyError("money.too_large", "金额过大，大写金额仅支持壹万亿元以下")
    cents = int(amount * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return "零元整"
    text = _integer_uppercase(yuan) + "元" if yuan else ""
    if rest == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def format_money(value: Decimal) -> str:
    """千位分隔、两位小数：1234567.8 → "1,234,567.80"。"""
    return f"{to_money(value):,.2f}"
