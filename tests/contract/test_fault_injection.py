"""Fault injection lives in tests/fault_injection.py only: the production image holds no tests/, and no setting
of any service (so no environment variable, no chart value, in any environment) can make a process crash or
slow down on purpose."""

import importlib
import re

from scripts.mesh import ROOT, services


def test_the_image_build_context_admits_no_tests():
    rules = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    rules = [rule for rule in rules if not rule.startswith("#")]
    assert rules[0] == "*"  # everything is left out, then what the image needs is let back in
    admitted = [rule[1:] for rule in rules if rule.startswith("!")]
    assert admitted
    assert not any(rule.startswith("tests") for rule in admitted)


def test_no_service_setting_injects_faults():
    for service in services():
        definition = importlib.import_module(f"services.{service.name}.bootstrap").DEFINITION
        fields = set(definition.settings_type.model_fields)
        assert not {f for f in fields if re.search(r"(^|_)(fault|crash|chaos|inject)", f)}, service.name


def test_product_code_neither_exits_nor_sleeps_on_purpose():
    offending = []
    for path in (ROOT / "services").rglob("*.py"):
        text = path.read_text()
        if "os._exit" in text or "fault injection" in text.lower():
            offending.append(str(path.relative_to(ROOT)))
    assert offending == []
