import pytest
from google.protobuf import field_mask_pb2

from services.runtime import fieldmask
from services.runtime.errors import InvalidArgument

ALLOWED = {"display_name", "price"}


def test_an_empty_mask_means_the_default():
    assert fieldmask.paths(field_mask_pb2.FieldMask(), allowed=ALLOWED, default={"display_name"}) == {"display_name"}


def test_a_star_means_every_updatable_field():
    assert fieldmask.paths(field_mask_pb2.FieldMask(paths=["*"]), allowed=ALLOWED, default=()) == ALLOWED


def test_an_unknown_path_is_invalid_argument_on_update_mask():
    with pytest.raises(InvalidArgument) as error:
        fieldmask.paths(field_mask_pb2.FieldMask(paths=["sku"]), allowed=ALLOWED, default=())
    assert error.value.violations[0].field == "update_mask"
