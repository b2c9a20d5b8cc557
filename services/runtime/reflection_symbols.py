"""Server reflection that knows every symbol a client may ask for: services, messages and enums (as grpcio's
reflection does), and also methods and fields, which its descriptor pool's symbol lookup does not find
(``grpcurl describe shop.reviews.v1.ReviewsService.ModerateReview`` answered "Symbol not found").

Every service's port and the gateway's reflection server (:mod:`.mesh_reflection`) use :func:`enable_reflection`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import grpc
from google.protobuf import descriptor_pool
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc
from grpc_reflection.v1alpha._base import _file_descriptor_response, _not_found_error


class _Reflection(reflection.aio.ReflectionServicer):  # type: ignore[misc]
    def _file_containing_symbol(self, request: Any, fully_qualified_name: str) -> Any:
        pool: descriptor_pool.DescriptorPool = self._pool
        lookups: Sequence[Callable[[str], Any]] = (
            pool.FindFileContainingSymbol,
            lambda name: pool.FindMethodByName(name).containing_service.file,
            lambda name: pool.FindFieldByName(name).containing_type.file,
            lambda name: pool.FindExtensionByName(name).file,
        )
        for lookup in lookups:
            try:
                return _file_descriptor_response(lookup(fully_qualified_name), request)
            except KeyError:
                continue
        return _not_found_error(request)


def enable_reflection(
    service_names: Sequence[str], server: grpc.aio.Server, pool: descriptor_pool.DescriptorPool | None = None
) -> None:
    """Reflection of ``service_names`` (and the reflection service itself) on ``server``."""
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        _Reflection([*service_names, reflection.SERVICE_NAME], pool=pool), server
    )
