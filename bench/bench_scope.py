"""Jurisdiction scope: building a user's Scope from the national court tree (≈3,500 courts).

Every request of a logged-in user computes it once. Baseline, same run: the raw SQL that reads the
same subtree ids. Run: `.venv/bin/python bench/bench_scope.py` (DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import test_database, timed  # noqa: E402

HIGH, INTERMEDIATE_PER_HIGH, BASIC_PER_INTERMEDIATE = 32, 13, 7  # ≈ 1 + 32 + 416 + 2,912 courts
ROUNDS = 500


def build_tree():
    """Bench set-up only: bulk rows with correct paths (the service path is measured elsewhere)."""
    from zhixing.organization.models import Court

    provinces = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川黔云藏陕甘青宁新内兵"
    spc = Court.objects.create(name="最高人民法院", level="supreme", code="最高法", path="")
    spc.path = f"/{spc.id}/"
    spc.save()
    for h in range(HIGH):
        high = Court.objects.create(
            name=f"高院{h}", level="high", code=provinces[h], parent=spc, path=""
        )
        high.path = f"{spc.path}{high.id}/"
        high.save()
        for m in range(INTERMEDIATE_PER_HIGH):
            mid = Court.objects.create(
                name=f"中院{h}-{m}",
                level="intermediate",
                code=f"{provinces[h]}{m + 1:02d}",
                parent=high,
                path="",
            )
            mid.path = f"{high.path}{mid.id}/"
            mid.save()
            basics = [
                Court(
                    name=f"基层{h}-{m}-{b}",
                    level="basic",
                    code=f"{provinces[h]}{m + 1:02d}{b + 1:02d}",
                    parent=mid,
                    path="",
                )
                for b in range(BASIC_PER_INTERMEDIATE)
            ]
            Court.objects.bulk_create(basics)
            for court in basics:
                court.path = f"{mid.path}{court.id}/"
            Court.objects.bulk_update(basics, ["path"])
    return (
        Court.objects.get(code="粤"),
        Court.objects.get(code="粤03"),
        Court.objects.get(code="粤0301"),
    )


def main() -> None:
    with test_database() as connection:
        from django.contrib.auth.models import User

        from zhixing.organization.models import Court, Staff
        from zhixing.organization.selectors import scope_of

        courts = build_tree()
        total = Court.objects.count()
        for court in courts:
            user = User.objects.create_user(f"u{court.id}")
            Staff.objects.create(user=user, court=court, name="基准", education="bachelor")
            user_id, path = user.id, court.path

            def service(user_id: int = user_id) -> None:
                for _ in range(ROUNDS):
                    scope_of(User.objects.select_related("staff__court").get(id=user_id))

            def raw(user_id: int = user_id, path: str = path) -> None:
                table = Court._meta.db_table
                for _ in range(ROUNDS):
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT u.id, s.id, c.path FROM auth_user u JOIN organization_staff s ON s.user_id = u.id "
                            "JOIN organization_court c ON c.id = s.court_id WHERE u.id = %s",
                            [user_id],
                        )
                        cursor.fetchone()
                        cursor.execute(f"SELECT id FROM {table} WHERE path LIKE %s", [path + "%"])
                        cursor.fetchall()

            size = len(scope_of(User.objects.get(id=user_id)).court_ids or ())
            got, base = timed(service), timed(raw)
            print(
                f"[{connection.vendor}] scope of a {court.level:12s} user ({size:4d} of {total} courts): "
                f"{got / ROUNDS * 1e6:7.1f} µs  (baseline raw SQL: {base / ROUNDS * 1e6:7.1f} µs, ×{got / base:.1f})"
            )


if __name__ == "__main__":
    main()
