"""The public calculators: /api/v1/calculators/{enforcement-fee,preservation-fee,delay-interest}
and the page /calculators/fees/. No login anywhere; every refusal is a 422 naming its field."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from zhixing.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

# The page's urls are included at the site root by the lead (zhixing/urls.py); until then the page
# tests run on the site's urls plus calculator_urls.
urlpatterns = [*site_urlpatterns, path("", include("zhixing.measures.calculator_urls"))]
with_page = pytest.mark.urls(__name__)

FEE_SOURCE = (
    "《诉讼费用交纳办法》第十四条第（一）项；第二十条、第三十八条（执行后交纳，由被执行人负担）"
)
INTEREST_SOURCE = "法释〔2014〕8号 第一条至第三条、第七条；民事诉讼法（2023）第二百六十四条"


def post_interest(client, body):
    return client.post(
        "/api/v1/calculators/delay-interest", data=json.dumps(body), content_type="application/json"
    )


EXAMPLE = {
    "principal": "100000",
    "due_date": "2024-03-31",
    "until": "2024-06-30",
    "payments": [
        {"date": "2024-04-30", "amount": "40000"},
        {"date": "2024-06-30", "amount": "60000"},
    ],
}


# --- enforcement fee ----------------------------------------------------------------------------


def test_enforcement_fee_without_login(client):
    response = client.get("/api/v1/calculators/enforcement-fee", {"amount": "10001"})
    assert response.status_code == 200
    assert response.json() == {
        "amount": "10001.00",
        "fee": "50.02",
        "range": None,
        "brackets": [
            {
                "from": "0.00",
                "to": "10000.00",
                "rate": None,
                "part": "10000.00",
                "amount": "50.00",
                "label": "执行金额或者价额不超过1万元的，每件交纳50元",
            },
            {
                "from": "10000.00",
                "to": "500000.00",
                "rate": "0.015",
                "part": "1.00",
                "amount": "0.02",
                "label": "超过1万元至50万元的部分，按照1.5%交纳",
            },
        ],
        "rounding": "各档费用精确计算后相加，四舍五入到分",
        "source": FEE_SOURCE,
    }


@pytest.mark.parametrize(
    ("amount", "fee", "top"),
    [("8000000", "67400.00", "10000000.00"), ("20000000", "87400.00", None)],
)
def test_enforcement_fee_brackets(client, amount, fee, top):
    data = client.get("/api/v1/calculators/enforcement-fee", {"amount": amount}).json()
    assert data["fee"] == fee
    assert data["brackets"][-1]["to"] == top
    assert sum(float(b["amount"]) for b in data["brackets"]) == pytest.approx(float(fee))


@pytest.mark.parametrize("query", [{}, {"amount": ""}, {"amount": "  "}])
def test_enforcement_fee_without_an_amount_is_a_range(client, query):
    data = client.get("/api/v1/calculators/enforcement-fee", query).json()
    assert data["fee"] is None and data["amount"] is None
    assert data["range"] == {"min": "50.00", "max": "500.00"}
    assert data["brackets"] == [] and data["source"] == FEE_SOURCE


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("abc", "money.format"),
        ("1.234", "money.precision"),
        ("-1", "money.negative"),
        ("0", "money.zero"),
        ("1000000000000", "money.too_large"),
    ],
)
def test_enforcement_fee_refusals(client, amount, code):
    response = client.get("/api/v1/calculators/enforcement-fee", {"amount": amount})
    assert response.status_code == 422
    data = response.json()
    assert (data["code"], data["field"], data["source"]) == (code, "amount", FEE_SOURCE)
    assert data["message"].startswith("执行金额")


# --- preservation fee ---------------------------------------------------------------------------


def test_preservation_fee_is_capped(client):
    response = client.get("/api/v1/calculators/preservation-fee", {"amount": "1,000,000"})
    assert response.status_code == 200
    data = response.json()
    assert (data["amount"], data["fee"], data["uncapped"], data["capped"]) == (
        "1000000.00",
        "5000.00",
        "5520.00",
        True,
    )
    assert [(b["from"], b["to"], b["rate"], b["amount"]) for b in data["brackets"]] == [
        ("0.00", "1000.00", None, "30.00"),
        ("1000.00", "100000.00", "0.01", "990.00"),
        ("100000.00", None, "0.005", "4500.00"),
    ]
    assert data["source"] == "《诉讼费用交纳办法》第十四条第（二）项"


def test_preservation_fee_without_an_amount(client):
    data = client.get("/api/v1/calculators/preservation-fee").json()
    assert (data["amount"], data["fee"], data["capped"]) == (None, "30.00", False)


def test_preservation_fee_refusal(client):
    response = client.get("/api/v1/calculators/preservation-fee", {"amount": "-3"})
    assert response.status_code == 422
    assert response.json() == {
        "code": "money.negative",
        "message": "保全财产数额不能为负数",
        "source": "《诉讼费用交纳办法》第十四条第（二）项",
        "field": "amount",
    }


# --- delay interest -----------------------------------------------------------------------------


def test_delay_interest_worked_example(client):
    response = post_interest(client, EXAMPLE)
    assert response.status_code == 200
    data = response.json()
    assert data["doubled_interest"] == "1165.50"
    assert data["items"] == [
        {
            "from": "2024-04-01",
            "to": "2024-04-30",
            "days": 30,
            "principal": "100000.00",
            "interest": "525.00",
        },
        {
            "from": "2024-05-01",
            "to": "2024-06-30",
            "days": 61,
            "principal": "60000.00",
            "interest": "640.50",
        },
    ]
    assert data["excluded"] == [] and data["outstanding"] == "0.00"
    assert data["payment_day"] == "counted" and data["counted_from"] == "2024-04-01"
    assert "履行当日计入" in data["convention"] and "2024年4月1日" in data["convention"]
    assert data["source"] == INTEREST_SOURCE


def test_delay_interest_other_convention_and_exclusions(client):
    body = {
        **EXAMPLE,
        "payment_day": "not_counted",
        "excluded": [{"from": "2024-05-01", "to": "2024-05-10"}],
    }
    data = post_interest(client, body).json()
    # 100,000 × 29 + 60,000 × (61 − 10) days
    assert data["doubled_interest"] == "1043.00"  # 507.50 + 535.50
    assert data["excluded"] == [
        {
            "from": "2024-05-01",
            "to": "2024-05-10",
            "days": 10,
            "principal": "60000.00",
            "interest": "0.00",
        }
    ]
    assert "履行当日不计入" in data["convention"]


def test_delay_interest_until_defaults_to_today(client):
    due = timezone.localdate() - timedelta(days=10)
    data = post_interest(client, {"principal": 10000, "due_date": due.isoformat()}).json()
    assert data["until"] == timezone.localdate().isoformat()
    assert data["doubled_interest"] == "17.50"  # 10,000 × 0.000175 × 10
    assert data["outstanding"] == "10000.00"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (
            {"payments": [{"date": "2024-03-30", "amount": "1000"}]},
            "interest.payment_before_due",
            "payments.0.date",
        ),
        (
            {
                "payments": [
                    {"date": "2024-04-30", "amount": "1"},
                    {"date": "2024-07-01", "amount": "1"},
                ]
            },
            "interest.payment_after_until",
            "payments.1.date",
        ),
        (
            {
                "payments": [
                    {"date": "2024-04-30", "amount": "40000"},
                    {"date": "2024-06-30", "amount": "70000"},
                ]
            },
            "interest.overpaid",
            "payments.1.amount",
        ),
        ({"until": "2024-03-01"}, "interest.until_before_due", "until"),
        ({"principal": "0"}, "money.zero", "principal"),
        ({"principal": "1e5"}, "money.format", "principal"),
        (
            {"excluded": [{"from": "2024-05-10", "to": "2024-05-01"}]},
            "interest.excluded_reversed",
            "excluded.0.to",
        ),
    ],
)
def test_delay_interest_refusals(client, change, code, field):
    response = post_interest(client, {**EXAMPLE, **change})
    assert response.status_code == 422
    data = response.json()
    assert (data["code"], data["field"], data["source"]) == (code, field, INTEREST_SOURCE)


def test_overpayment_message_is_chinese(client):
    body = {
        **EXAMPLE,
        "payments": [
            {"date": "2024-04-30", "amount": "40000"},
            {"date": "2024-06-30", "amount": "70000"},
        ],
    }
    message = post_interest(client, body).json()["message"]
    assert message == "第2笔履行金额 70,000.00 元超过当时尚未清偿的本金 60,000.00 元"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"payments": [{"date": "2024-04-30", "amount": 40000.5}]}, "payments.0.amount"),
        ({"principal": 1.5}, "principal"),
        ({"due_date": "2024-02-30"}, "due_date"),
        ({"payment_day": "sometimes"}, "payment_day"),
        ({"excluded": [{"from": "2024-05-01"}]}, "excluded.0.to"),
    ],
)
def test_malformed_body_is_422_naming_the_field(client, change, field):
    response = post_interest(client, {**EXAMPLE, **change})
    assert response.status_code == 422
    data = response.json()
    assert (data["code"], data["field"]) == ("input.invalid", field)


def test_openapi_documents_public_endpoints_with_422(client):
    schema = client.get("/api/v1/openapi.json").json()
    for route, method in [
        ("/api/v1/calculators/enforcement-fee", "get"),
        ("/api/v1/calculators/preservation-fee", "get"),
        ("/api/v1/calculators/delay-interest", "post"),
    ]:
        operation = schema["paths"][route][method]
        assert {"200", "422"} <= set(operation["responses"])
        assert not operation.get("security")  # public: no auth required


# --- the page -----------------------------------------------------------------------------------


@with_page
def test_page_is_public(client):
    response = client.get(reverse("fee-calculators"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "执行申请费" in content and "申请保全措施费" in content and "加倍部分债务利息" in content


@with_page
def test_page_enforcement_fee(client):
    response = client.get(reverse("fee-calculators"), {"calc": "enforcement", "amount": "8000000"})
    content = response.content.decode()
    assert "执行申请费：67,400.00 元" in content and "陆万柒仟肆佰元整" in content
    assert "超过500万元至1000万元的部分，按照0.5%交纳" in content and "15,000.00" in content


@with_page
def test_page_enforcement_fee_range_and_error(client):
    url = reverse("fee-calculators")
    content = client.get(url, {"calc": "enforcement", "amount": ""}).content.decode()
    assert "每件 50.00 元至 500.00 元" in content
    content = client.get(url, {"calc": "enforcement", "amount": "-5"}).content.decode()
    assert "执行金额不能为负数" in content and "执行申请费：" not in content


@with_page
def test_page_preservation_fee_cap(client):
    response = client.get(reverse("fee-calculators"), {"calc": "preservation", "amount": "1000000"})
    content = response.content.decode()
    assert "保全申请费：5,000.00 元" in content and "分段累计 5,520.00 元" in content


def _interest_query(**rows):
    query = {
        "calc": "interest",
        "principal": "100000",
        "due_date": "2024-03-31",
        "until": "2024-06-30",
        "payment_day": "counted",
        "payments-TOTAL_FORMS": "3",
        "payments-INITIAL_FORMS": "0",
        "payments-0-date": "2024-04-30",
        "payments-0-amount": "40000",
        "payments-1-date": "2024-06-30",
        "payments-1-amount": "60000",
        "excluded-TOTAL_FORMS": "1",
        "excluded-INITIAL_FORMS": "0",
    }
    query.update(rows)
    return query


@with_page
def test_page_delay_interest(client):
    response = client.get(reverse("fee-calculators"), _interest_query())
    content = response.content.decode()
    assert "加倍部分债务利息：1,165.50 元" in content
    assert "640.50" in content and "履行当日计入" in content


@with_page
def test_page_delay_interest_error_beside_the_row(client):
    response = client.get(
        reverse("fee-calculators"), _interest_query(**{"payments-1-amount": "70000"})
    )
    content = response.content.decode()
    assert "第2笔履行金额 70,000.00 元超过当时尚未清偿的本金 60,000.00 元" in content
    assert "加倍部分债务利息：" not in content


@with_page
def test_page_half_filled_row_is_an_error(client):
    query = _interest_query(**{"payments-2-date": "2024-05-01"})
    content = client.get(reverse("fee-calculators"), query).content.decode()
    assert "请填写完整，或清空本行" in content and "加倍部分债务利息：" not in content


@with_page
def test_page_link_without_row_tables(client):
    query = {
        "calc": "interest",
        "principal": "1000",
        "due_date": "2025-01-01",
        "until": "2025-01-11",
    }
    content = client.get(reverse("fee-calculators"), query).content.decode()
    assert "加倍部分债务利息：1.75 元" in content
