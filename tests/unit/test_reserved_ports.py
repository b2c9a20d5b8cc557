"""The stack's ports in the ephemeral range are what gets reserved, merged with what was reserved already, and the
kernel's list syntax reads back as the same ports."""

from hypothesis import given
from hypothesis import strategies as st

from scripts.mesh import Profile
from scripts.reserved_ports import compact, parse, wanted

ports = st.sets(st.integers(min_value=1, max_value=65535), max_size=60)


@given(ports)
def test_the_kernel_list_syntax_round_trips(chosen):
    assert parse(compact(chosen)) == chosen


@given(ports, ports)
def test_what_is_reserved_keeps_the_old_and_adds_exactly_the_ports_in_the_range(chosen, already):
    setting = wanted(chosen, (32768, 60999), already)
    in_range = {p for p in chosen if 32768 <= p <= 60999}
    if in_range <= already:
        assert setting is None
    else:
        assert parse(setting) == already | in_range


def test_the_dev_stack_reserves_its_services_and_the_test_stack_nothing():
    dev, test = Profile.named("dev"), Profile.named("test")
    dev_setting = wanted(dev.ports.values(), (32768, 60999), set())
    assert dev_setting is not None
    assert {dev.ports["catalog"], dev.ports["catalog_metrics"]} <= parse(dev_setting)
    assert wanted(test.ports.values(), (32768, 60999), set()) is None
