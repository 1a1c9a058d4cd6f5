"""Pure rules of credit sanctions (no Django): `listing` (失信规定) and `restriction` (限高规定)."""
