"""`python -m zhixing seed-demo`: Beijing's real courts, staff in every role, idempotent."""

import pytest
from django.core.management import call_command

from zhixing.core.audit import audit_verify
from zhixing.core.rules.roles import Role
from zhixing.organization.models import CommandCenter, Court, Staff, StaffRole

pytestmark = pytest.mark.django_db


def test_seed_demo_is_complete_and_idempotent(capsys):
    call_command("seed_demo", "--no-cases")
    first = capsys.readouterr().out
    assert "zhixing2026" in first and "chaoyang_officer1" in first
    courts, staff = Court.objects.count(), Staff.objects.count()
    assert courts == 25  # SPC, high court, 4 intermediate, 3 special, 16 district courts
    assert Court.objects.get(code="京0105").parent.code == "京03"
    assert Court.objects.get(code="京0491").parent.code == "京04"
    assert set(StaffRole.objects.values_list("role", flat=True)) == {r.value for r in Role}
    assert (
        CommandCenter.objects.filter(
            court__code__in=["京", "京01", "京02", "京03", "京04", "京73"]
        ).count()
        == 6
    )
    assert audit_verify() == []
    call_command("seed_demo", "--no-cases")
    assert (Court.objects.count(), Staff.objects.count()) == (courts, staff)


def test_demo_accounts_log_in(client):
    call_command("seed_demo", "--no-cases")
    assert client.login(username="chaoyang_officer1", password="zhixing2026")
    assert client.get("/courts/京0105/").status_code == 200
    assert client.get("/courts/京0108/").status_code == 404  # another court
