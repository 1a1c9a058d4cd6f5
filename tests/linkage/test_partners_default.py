"""Production never answers inquiries with the simulated partner."""

from django.test import override_settings

from zhixing.linkage import partners


def test_default_adapter_follows_the_setting():
    saved = partners._default[0]
    try:
        with override_settings(ZHIXING_PARTNER_DEFAULT="unconfigured"):
            partners._default[0] = None
            assert isinstance(partners.adapter_for("any-bank"), partners.UnconfiguredPartner)
        with override_settings(ZHIXING_PARTNER_DEFAULT="simulated"):
            partners._default[0] = None
            assert isinstance(partners.adapter_for("any-bank"), partners.SimulatedPartner)
    finally:
        partners._default[0] = saved


def test_prod_settings_use_the_unconfigured_partner():
    import ast
    from pathlib import Path

    import zhixing.settings

    source = Path(zhixing.settings.__file__).with_name("prod.py").read_text(encoding="utf-8")
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    assert assigned["ZHIXING_PARTNER_DEFAULT"] == "unconfigured"
