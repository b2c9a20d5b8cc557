"""Options and variants: what a product declares, what each variant is, and what changing options does to them."""

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.catalog import domain
from services.catalog.domain import Option, Variant, VariantFields
from services.runtime.errors import FailedPrecondition, InvalidArgument

NOW = datetime(2026, 12, 7, tzinfo=UTC)
SIZE = Option("Size", ("S", "M", "L"))
COLOUR = Option("Colour", ("Black", "Sand"))


def _variant(n: int, values: domain.OptionValues, state: str = domain.ACTIVE) -> Variant:
    return Variant(f"v{n}", "p1", f"TEE-{n}", VariantFields(option_values=values), state, NOW, NOW, 1)


words = st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=8)
options = st.lists(
    st.builds(Option, words, st.lists(words, min_size=1, max_size=4, unique_by=str.casefold).map(tuple)),
    max_size=3,
    unique_by=lambda o: o.name.casefold(),
)


@given(options)
def test_every_combination_is_there_once_in_the_shoppers_order(declared):
    combos = domain.combinations(declared)
    expected = 1
    for option in declared:
        expected *= len(option.values)
    assert len(combos) == (expected if declared else 0)
    assert len({domain.combination(c) for c in combos}) == len(combos)
    for combo in combos:
        assert domain.check_option_values(declared, list(reversed(combo))) == combo  # any order in, product order out


@given(options, st.data())
def test_a_generated_sku_is_a_valid_sku_that_names_its_values(declared, data):
    combos = domain.combinations(declared)
    if not combos:
        return
    combo = data.draw(st.sampled_from(combos))
    sku = domain.generated_sku("TEE-CLASSIC", combo)
    assert re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,63}", sku)
    assert sku.startswith("TEE-CLASSIC")


def test_option_values_name_each_option_once_with_one_of_its_values():
    assert domain.check_option_values([SIZE, COLOUR], [("colour", "sand"), ("size", "m")]) == (
        ("Size", "M"),
        ("Colour", "Sand"),
    )
    for wrong in (
        [("Size", "M")],  # no colour
        [("Size", "XL"), ("Colour", "Sand")],  # no such size
        [("Fit", "Slim"), ("Size", "M"), ("Colour", "Sand")],  # no such option
        [("Size", "M"), ("Size", "L"), ("Colour", "Sand")],  # size twice
    ):
        with pytest.raises(InvalidArgument):
            domain.check_option_values([SIZE, COLOUR], wrong)


@pytest.mark.parametrize(
    "declared",
    [
        [SIZE, Option("size", ("XS",))],  # the same name twice
        [Option("Size", ("S", "s"))],  # the same value twice
        [Option("Size", ())],  # no values
        [Option(" ", ("S",))],  # no name
        [SIZE, COLOUR, Option("Fit", ("Slim",)), Option("Sleeve", ("Long",))],  # four options
    ],
)
def test_options_are_named_once_with_distinct_values_and_at_most_three(declared):
    with pytest.raises(InvalidArgument):
        domain.check_options(declared)


def test_a_new_option_gives_every_variant_its_first_value():
    variants = [_variant(1, (("Size", "S"),)), _variant(2, (("Size", "M"),))]
    assert domain.reassigned([SIZE], [SIZE, COLOUR], variants) == {
        "v1": (("Size", "S"), ("Colour", "Black")),
        "v2": (("Size", "M"), ("Colour", "Black")),
    }


def test_a_value_an_active_variant_uses_cannot_be_removed_but_an_archived_ones_can():
    variants = [_variant(1, (("Size", "S"),)), _variant(2, (("Size", "L"),), domain.ARCHIVED)]
    assert domain.reassigned([SIZE], [Option("Size", ("S", "M"))], variants) == {}  # L only on an archived one
    with pytest.raises(FailedPrecondition) as error:
        domain.reassigned([SIZE], [Option("Size", ("M", "L"))], variants)
    assert error.value.reason == "OPTION_IN_USE"


def test_removing_an_option_that_tells_two_variants_apart_is_refused():
    variants = [_variant(1, (("Size", "S"), ("Colour", "Black"))), _variant(2, (("Size", "S"), ("Colour", "Sand")))]
    with pytest.raises(FailedPrecondition):
        domain.reassigned([SIZE, COLOUR], [SIZE], variants)
    one = [_variant(1, (("Size", "S"), ("Colour", "Black"))), _variant(2, (("Size", "M"), ("Colour", "Black")))]
    assert domain.reassigned([SIZE, COLOUR], [SIZE], one) == {"v1": (("Size", "S"),), "v2": (("Size", "M"),)}


@given(options, options, st.data())
def test_after_any_change_of_options_active_variants_stay_distinct_and_complete(before, after, data):
    combos = domain.combinations(before)
    chosen = data.draw(st.lists(st.sampled_from(combos), unique_by=domain.combination, max_size=6)) if combos else []
    variants = [_variant(n, combo) for n, combo in enumerate(chosen)]
    try:
        changed = domain.reassigned(before, after, variants)
    except FailedPrecondition:
        return
    now = [changed.get(v.id, v.fields.option_values) for v in variants]
    assert len({domain.combination(values) for values in now}) == len(now)
    for values in now:
        assert domain.check_option_values(after, list(values)) == values
