"""The pipeline polices every method of our contracts: one it could not check refuses to register."""

import importlib

import grpc
import pytest

from scripts.mesh import services
from services.runtime.pipeline import RpcPipeline, access_policies
from shop.auth.v1 import access_pb2

METHOD = "/shop.catalog.v1.CatalogService/GetProduct"


def _pipeline() -> RpcPipeline:
    return RpcPipeline(
        domain="catalog.shopmesh.dev",
        policies={METHOD: access_pb2.ACCESS_PUBLIC},
        verifier=None,  # type: ignore[arg-type]  # never reached: nothing is called
        internal_callers={},
    )


async def _stream(request, context):  # pragma: no cover - never served
    yield request


def test_a_streaming_method_of_our_contract_refuses_to_register_with_its_name():
    handler = grpc.unary_stream_rpc_method_handler(_stream)
    with pytest.raises(ValueError, match="GetProduct is not unary"):
        _pipeline().wrap(METHOD, handler)


def test_methods_of_other_contracts_pass_as_they_are():
    handler = grpc.unary_stream_rpc_method_handler(_stream)
    assert _pipeline().wrap("/grpc.health.v1.Health/Watch", handler) is handler


def test_every_method_of_every_contract_is_unary_with_an_access_policy():
    names = []
    for service in services():  # every service of mesh.toml, its contracts loaded as its process loads them
        importlib.import_module(f"services.{service.name}.bootstrap")
        names += service.grpc_services
    assert len(access_policies(names)) > 50
