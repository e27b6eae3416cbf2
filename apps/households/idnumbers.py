"""Resident ID numbers (GB 11643-1999) and disability certificate numbers.

An 18-character ID is 6 digits of address code, 8 of birth date, 3 of sequence
(odd for men, even for women) and a mod 11-2 check character (0–9 or X).
A disability certificate number (残疾证号) is the holder's 18-character ID
followed by the disability category (1–7) and grade (1–4).
"""

from __future__ import annotations

import datetime as dt
import operator

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def check_character(first17: str) -> str:
    # map/sum keep the loop in C: an import checks hundreds of thousands of IDs.
    total = sum(map(operator.mul, map(int, first17), WEIGHTS))
    return CHECK_CHARACTERS[total % 11]


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character ID number, or None (Chinese,
    because it goes straight into import error reports)."""
    if len(value) != 18:
        return f"证件号码应为18位，实为{len(value)}位"
    if not value.isascii():  # "²".isdigit() is True, and int("²") raises
        odd = next(c for c in value if not c.isascii())
        return f"证件号码含非ASCII字符“{odd}”（应为数字0–9，末位可为X）"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "证件号码前17位应为数字，末位为数字或X"
    if birth_date_of(value) is None:
        return f"证件号码中的出生日期{value[6:14]}不是有效日期"
    expected = check_character(value[:17])
    if value[17] != expected:
        return f"证件号码校验位错误（应为{expected}）"
    return None


def birth_date_of(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def is_male(id_number: str) -> bool:
    return int(id_number[16]) % 2 == 1


def normalise_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def disability_certificate_problem(certificate: str, id_number: str) -> str | None:
    """Why the certificate number does not belong to the ID, or None."""
    if len(certificate) != 20 or certificate[:18] != id_number:
        return "残疾证号应为本人证件号码加残疾类别和等级两位"
    if certificate[18] not in "1234567" or certificate[19] not in "1234":
        return "残疾证号末两位应为残疾类别（1–7）和等级（1–4）"
    return None


def mask_id_number(value: str) -> str:
    """440823********1234: the address code and the last four stay readable."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
