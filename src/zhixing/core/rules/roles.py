"""Staff roles (glossary: people and organisations) and the approver roles of the process.

Plain Python: the permission layer, the organization app and every later app share these names.
"""

from enum import StrEnum


class Role(StrEnum):
    """What a member of staff may do. One person may hold several roles."""

    OFFICER = "officer"  # 执行员: implements enforcement acts
    JUDGE = "judge"  # 执行法官: rulings, review matters
    ASSISTANT = "assistant"  # 法官助理
    CLERK = "clerk"  # 书记员
    JUDICIAL_POLICE = "judicial_police"  # 司法警察
    BUREAU_CHIEF = "bureau_chief"  # 执行局长: approves within the bureau
    VICE_PRESIDENT = "vice_president"  # 分管副院长
    PRESIDENT = "president"  # 院长: approves fines, detention (民事诉讼法 第119条)
    COMMAND_STAFF = "command_staff"  # 指挥中心工作人员
    PETITION_OFFICER = "petition_officer"  # 信访/申诉审查人员
    EVALUATOR = "evaluator"  # 质效管理/考评人员
    INTEGRITY_INSPECTOR = "integrity_inspector"  # 廉政监察员 (法发〔2009〕43号 五)
    ADMINISTRATOR = "administrator"  # 系统管理员: courts, staff, configuration within scope

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: "执行员",
    Role.JUDGE: "执行法官",
    Role.ASSISTANT: "法官助理",
    Role.CLERK: "书记员",
    Role.JUDICIAL_POLICE: "司法警察",
    Role.BUREAU_CHIEF: "执行局长",
    Role.VICE_PRESIDENT: "分管副院长",
    Role.PRESIDENT: "院长",
    Role.COMMAND_STAFF: "指挥中心工作人员",
    Role.PETITION_OFFICER: "申诉信访审查人员",
    Role.EVALUATOR: "质效考评人员",
    Role.INTEGRITY_INSPECTOR: "廉政监察员",
    Role.ADMINISTRATOR: "系统管理员",
}

# Roles that may approve what needs a second person (design.md decision 2).
APPROVER_ROLES: frozenset[Role] = frozenset(
    {Role.BUREAU_CHIEF, Role.VICE_PRESIDENT, Role.PRESIDENT}
)
