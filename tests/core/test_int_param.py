"""Row keys and cursors from query strings: ASCII digits that fit a bigint, nothing else. `isdigit`
accepted "²" (then `int` raised) and 30 digits overflowed the column: both gave 500s."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cases.conftest import people  # noqa: F401  (fixture)
from tests.conftest import PASSWORD
from zhixing.core.views import int_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("999999999999999999", 999_999_999_999_999_999),
        ("", None),
        (None, None),
        ("²", None),
        ("١٢", None),
        ("１２", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("9" * 19, None),
        ("9" * 30, None),
    ],
)
def test_int_param(raw, expected):
    assert int_param(raw) == expected


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_every_key_that_fits_round_trips(n):
    assert int_param(str(n)) == n


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["²", "9" * 30])
@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("officer", "/cases/?before={}"),
        ("chief", "/cases/assign/?court={}"),
        ("officer", "/credit/listings/?before={}"),
    ],
)
def test_pages_ignore_a_key_that_is_not_one(client, people, who, url, bad):  # noqa: F811
    client.login(username=people[who].user.username, password=PASSWORD)
    assert client.get(url.format(bad)).status_code == 200
