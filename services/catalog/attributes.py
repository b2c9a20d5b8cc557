"""Typed attributes: what a category declares its products have, and checking products' values against it.

A category without definitions leaves its products' attributes free-form (as every category was before). Once it
declares some, a product's attributes may use only declared keys, each value of its type (numbers and booleans are
stored in one canonical spelling, so "2.50" and "2.5" are one facet value), and must have the required ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from services.runtime.errors import FieldViolation, InvalidArgument

TEXT, NUMBER, BOOLEAN, CHOICE = "text", "number", "boolean", "choice"
TYPES = (TEXT, NUMBER, BOOLEAN, CHOICE)
MAX_TEXT = 256


@dataclass(frozen=True)
class AttributeDefinition:
    key: str
    display_name: str
    type: str  # one of TYPES
    unit: str = ""
    choices: tuple[str, ...] = ()
    filterable: bool = False
    required: bool = False


def check_definitions(
    definitions: Sequence[AttributeDefinition], path: str = "category.attributes"
) -> tuple[AttributeDefinition, ...]:
    """Definitions that make sense together: unique keys, choices exactly for CHOICE, a unit only for NUMBER."""
    violations: list[FieldViolation] = []
    seen: set[str] = set()
    for n, definition in enumerate(definitions):
        at = f"{path}[{n}]"
        if definition.key in seen:
            violations.append(FieldViolation(f"{at}.key", f"{definition.key} is declared twice"))
        seen.add(definition.key)
        if definition.type == CHOICE and not definition.choices:
            violations.append(FieldViolation(f"{at}.choices", "a choice attribute needs its choices"))
        if definition.type != CHOICE and definition.choices:
            violations.append(FieldViolation(f"{at}.choices", "only a choice attribute has choices"))
        if definition.type != NUMBER and definition.unit:
            violations.append(FieldViolation(f"{at}.unit", "only a number attribute has a unit"))
    if violations:
        raise InvalidArgument(violations)
    return tuple(definitions)


def _number(value: str) -> str | None:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
        return None
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def canonical(definition: AttributeDefinition, value: str) -> str | None:
    """The value in its canonical spelling, or None when it is not of the definition's type."""
    if definition.type == NUMBER:
        return _number(value)
    if definition.type == BOOLEAN:
        return value.strip().lower() if value.strip().lower() in ("true", "false") else None
    if definition.type == CHOICE:
        return value if value in definition.choices else None
    cleaned = " ".join(value.split())
    return cleaned if 0 < len(cleaned) <= MAX_TEXT else None


def _expected(definition: AttributeDefinition) -> str:
    if definition.type == NUMBER:
        return "a number" + (f" (in {definition.unit})" if definition.unit else "")
    if definition.type == BOOLEAN:
        return '"true" or "false"'
    if definition.type == CHOICE:
        return "one of " + ", ".join(definition.choices)
    return f"text of 1 to {MAX_TEXT} characters"


def violations(
    definitions: Sequence[AttributeDefinition], attributes: Mapping[str, str], path: str = "product.attributes"
) -> tuple[dict[str, str], list[FieldViolation]]:
    """The attributes in canonical spelling, and what is wrong with them (nothing without definitions)."""
    if not definitions:
        return dict(attributes), []
    declared = {d.key: d for d in definitions}
    found: list[FieldViolation] = []
    cleaned: dict[str, str] = {}
    for key, value in attributes.items():
        definition = declared.get(key)
        if definition is None:
            found.append(FieldViolation(f"{path}[{key}]", f"not an attribute of this category ({', '.join(declared)})"))
            continue
        spelled = canonical(definition, value)
        if spelled is None:
            found.append(FieldViolation(f"{path}[{key}]", f"{definition.display_name} must be {_expected(definition)}"))
        else:
            cleaned[key] = spelled
    for definition in definitions:
        if definition.required and definition.key not in attributes:
            found.append(FieldViolation(f"{path}[{definition.key}]", f"{definition.display_name} is required"))
    return cleaned, found


def check_attributes(
    definitions: Sequence[AttributeDefinition], attributes: Mapping[str, str], path: str = "product.attributes"
) -> dict[str, str]:
    cleaned, found = violations(definitions, attributes, path)
    if found:
        raise InvalidArgument(found, reason="INVALID_ATTRIBUTES")
    return cleaned
