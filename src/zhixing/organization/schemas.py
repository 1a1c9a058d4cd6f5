from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema


class CourtOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    code: str
    parent_code: str | None
    province: str


class UnitOut(Schema):
    id: int
    kind: str
    name: str


class CourtDetailOut(CourtOut):
    bureau: str
    units: list[UnitOut]
    command_center: str | None


class CourtIn(Schema):
    name: str = Field(..., min_length=2, max_length=60)
    level: str
    code: str = Field(..., min_length=1, max_length=10)
    parent_code: str | None = None
    province: str = ""
    short_name: str = ""


class StaffOut(Schema):
    id: int
    username: str
    name: str
    court_code: str
    placement: str
    placement_label: str
    roles: list[str]
    education: str
    id_number_masked: str
    officer_qualified_on: date | None
    appointed_officer_on: date | None
    is_active: bool


class StaffPage(Schema):
    items: list[StaffOut]
    next_after: int | None  # pass as `after` for the next page; null on the last page


class StaffIn(Schema):
    court_code: str
    username: str = Field(..., min_length=2, max_length=150)
    password: str = Field(..., min_length=1, max_length=128)
    name: str = Field(..., min_length=1, max_length=40)
    education: str
    roles: list[str]
    unit_kind: str | None = None
    in_command_center: bool = False
    id_number: str = ""
    officer_qualified_on: date | None = None
    appointed_officer_on: date | None = None
    appointment_document: str = ""


class RolesIn(Schema):
    roles: list[str]


class TeamFiguresOut(Schema):
    court_code: str
    court_name: str
    enforcement_staff: int
    authorized_headcount: int | None
    share: Decimal | None
    enforcement_education_years: Decimal | None
    court_education_years: Decimal | None
    meets_standard: bool
    shortfalls: list[str]


class QualificationIn(Schema):
    officer_qualified_on: date | None = None
    appointed_officer_on: date | None = None
    appointment_document: str = ""


class TrainingIn(Schema):
    title: str = Field(..., min_length=1, max_length=100)
    organizer: str = Field(..., min_length=1, max_length=60)
    started_on: date
    ended_on: date
    hours: Decimal = Field(..., gt=0, max_digits=6, decimal_places=1)


class TrainingOut(Schema):
    id: int
    title: str
    organizer: str
    started_on: date
    ended_on: date
    hours: Decimal


class ActiveIn(Schema):
    active: bool
    reason: str = Field(..., min_length=1, max_length=100)


class StaffingIn(Schema):
    authorized_headcount: int = Field(..., gt=0)
    doctorate: int = Field(0, ge=0)
    master: int = Field(0, ge=0)
    bachelor: int = Field(0, ge=0)
    associate: int = Field(0, ge=0)
    secondary: int = Field(0, ge=0)
    reported_on: date


class MeOut(Schema):
    username: str
    name: str | None
    court_code: str | None
    court_name: str | None
    roles: list[str]
    sees_all_courts: bool
    visible_court_codes: list[str] | None  # null when every court is visible
