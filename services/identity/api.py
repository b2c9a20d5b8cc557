"""IdentityService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.identity import domain
from services.identity.address_book import AddressBook
from services.identity.domain import SavedAddress, Session, User
from services.identity.service import IdentityService
from services.runtime import call_context, fieldmask
from services.runtime.client_address import client_address
from services.runtime.errors import InvalidArgument
from services.runtime.json_messages import from_json_dict, to_json_dict
from services.runtime.resource_versions import timestamp
from shop.identity.v1 import identity_service_pb2 as pb
from shop.identity.v1 import identity_service_pb2_grpc, user_pb2
from shop.shipping.v1 import shipment_pb2

_ROLES = {domain.ROLE_CUSTOMER: user_pb2.User.ROLE_CUSTOMER, domain.ROLE_ADMIN: user_pb2.User.ROLE_ADMIN}
_UPDATABLE = {"display_name"}
_ADDRESS_UPDATABLE = {"label", "address", "default"}


def user_to_pb(user: User) -> user_pb2.User:
    return user_pb2.User(
        name=user.name,
        email=user.email,
        display_name=user.display_name,
        role=_ROLES[user.role],
        create_time=timestamp(user.create_time),
        update_time=timestamp(user.update_time),
        etag=user.etag,
        email_verified=user.email_verified,
    )


def saved_address_to_pb(saved: SavedAddress) -> user_pb2.SavedAddress:
    return user_pb2.SavedAddress(
        name=saved.name,
        label=saved.label,
        address=from_json_dict(saved.address, shipment_pb2.Address),
        default=saved.default,
        create_time=timestamp(saved.create_time),
        update_time=timestamp(saved.update_time),
        etag=saved.etag,
    )


def _user_id(name: str) -> str:
    return name.removeprefix("users/")


def _address_name(name: str, field: str = "name") -> tuple[str, str]:
    """``users/{user}/addresses/{address}`` → (user, address)."""
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "users" or parts[2] != "addresses" or not parts[1] or not parts[3]:
        raise InvalidArgument.field(field, "must be users/{user}/addresses/{address}")
    return parts[1], parts[3]


def _session_fields(session: Session) -> dict[str, object]:
    return {
        "access_token": session.access_token,
        "token_type": "Bearer",
        "access_token_expire_time": timestamp(session.access_token_expire_time),
        "refresh_token": session.refresh_token,
        "refresh_token_expire_time": timestamp(session.refresh_token_expire_time),
    }


class IdentityApi(identity_service_pb2_grpc.IdentityServiceServicer):
    def __init__(self, identity: IdentityService, address_book: AddressBook) -> None:
        self._identity = identity
        self._address_book = address_book

    async def RegisterUser(
        self, request: pb.RegisterUserRequest, context: grpc.aio.ServicerContext
    ) -> pb.RegisterUserResponse:
        user = await self._identity.register(
            email=request.email,
            password=request.password,
            display_name=request.display_name,
            request_id=request.request_id,
        )
        return pb.RegisterUserResponse(user=user_to_pb(user))

    async def Login(self, request: pb.LoginRequest, context: grpc.aio.ServicerContext) -> pb.LoginResponse:
        session = await self._identity.login(
            email=request.email, password=request.password, client=client_address(context)
        )
        return pb.LoginResponse(user=user_to_pb(session.user), **_session_fields(session))  # type: ignore[arg-type]

    async def RefreshSession(
        self, request: pb.RefreshSessionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RefreshSessionResponse:
        session = await self._identity.refresh(request.refresh_token)
        return pb.RefreshSessionResponse(**_session_fields(session))  # type: ignore[arg-type]

    async def Logout(self, request: pb.LogoutRequest, context: grpc.aio.ServicerContext) -> pb.LogoutResponse:
        await self._identity.logout(request.refresh_token)
        return pb.LogoutResponse()

    async def IssueServiceToken(
        self, request: pb.IssueServiceTokenRequest, context: grpc.aio.ServicerContext
    ) -> pb.IssueServiceTokenResponse:
        token, expire_time = self._identity.issue_service_token(service=request.service, secret=request.secret)
        return pb.IssueServiceTokenResponse(access_token=token, expire_time=timestamp(expire_time))

    async def GetJwks(self, request: pb.GetJwksRequest, context: grpc.aio.ServicerContext) -> pb.GetJwksResponse:
        return pb.GetJwksResponse(keys=[user_pb2.JsonWebKey(**key) for key in self._identity.jwks()])

    async def GetUser(self, request: pb.GetUserRequest, context: grpc.aio.ServicerContext) -> pb.GetUserResponse:
        user = await self._identity.get_user(call_context.caller(), _user_id(request.name))
        return pb.GetUserResponse(user=user_to_pb(user))

    async def UpdateUser(
        self, request: pb.UpdateUserRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateUserResponse:
        paths = fieldmask.paths(request.update_mask, allowed=_UPDATABLE, default=_UPDATABLE)
        user = await self._identity.update_user(
            call_context.caller(),
            _user_id(request.user.name),
            etag=request.user.etag,
            display_name=request.user.display_name if "display_name" in paths else None,
        )
        return pb.UpdateUserResponse(user=user_to_pb(user))

    async def ChangePassword(
        self, request: pb.ChangePasswordRequest, context: grpc.aio.ServicerContext
    ) -> pb.ChangePasswordResponse:
        await self._identity.change_password(
            call_context.caller(), _user_id(request.name), current=request.current_password, new=request.new_password
        )
        return pb.ChangePasswordResponse()

    async def VerifyEmail(
        self, request: pb.VerifyEmailRequest, context: grpc.aio.ServicerContext
    ) -> pb.VerifyEmailResponse:
        return pb.VerifyEmailResponse(user=user_to_pb(await self._identity.verify_email(request.token)))

    async def ResendEmailVerification(
        self, request: pb.ResendEmailVerificationRequest, context: grpc.aio.ServicerContext
    ) -> pb.ResendEmailVerificationResponse:
        await self._identity.resend_email_verification(call_context.caller(), _user_id(request.name))
        return pb.ResendEmailVerificationResponse()

    async def RequestPasswordReset(
        self, request: pb.RequestPasswordResetRequest, context: grpc.aio.ServicerContext
    ) -> pb.RequestPasswordResetResponse:
        await self._identity.request_password_reset(request.email)
        return pb.RequestPasswordResetResponse()

    async def ResetPassword(
        self, request: pb.ResetPasswordRequest, context: grpc.aio.ServicerContext
    ) -> pb.ResetPasswordResponse:
        await self._identity.reset_password(request.token, request.new_password)
        return pb.ResetPasswordResponse()

    async def CreateSavedAddress(
        self, request: pb.CreateSavedAddressRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateSavedAddressResponse:
        if not request.saved_address.HasField("address"):
            raise InvalidArgument.field("saved_address.address", "is required")
        saved = await self._address_book.create(
            call_context.caller(),
            _user_id(request.parent),
            label=request.saved_address.label,
            address=to_json_dict(request.saved_address.address),
            default=request.saved_address.default,
            request_id=request.request_id,
        )
        return pb.CreateSavedAddressResponse(saved_address=saved_address_to_pb(saved))

    async def ListSavedAddresses(
        self, request: pb.ListSavedAddressesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSavedAddressesResponse:
        saved = await self._address_book.list(call_context.caller(), _user_id(request.parent))
        return pb.ListSavedAddressesResponse(saved_addresses=[saved_address_to_pb(s) for s in saved])

    async def GetSavedAddress(
        self, request: pb.GetSavedAddressRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSavedAddressResponse:
        saved = await self._address_book.get(call_context.caller(), *_address_name(request.name))
        return pb.GetSavedAddressResponse(saved_address=saved_address_to_pb(saved))

    async def UpdateSavedAddress(
        self, request: pb.UpdateSavedAddressRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateSavedAddressResponse:
        given = request.saved_address
        paths = fieldmask.paths(request.update_mask, allowed=_ADDRESS_UPDATABLE, default=_ADDRESS_UPDATABLE)
        if "address" in paths and not given.HasField("address"):
            raise InvalidArgument.field("saved_address.address", "must be given to change it")
        saved = await self._address_book.update(
            call_context.caller(),
            *_address_name(given.name, "saved_address.name"),
            etag=given.etag,
            label=given.label if "label" in paths else None,
            address=to_json_dict(given.address) if "address" in paths else None,
            default=given.default if "default" in paths else None,
        )
        return pb.UpdateSavedAddressResponse(saved_address=saved_address_to_pb(saved))

    async def DeleteSavedAddress(
        self, request: pb.DeleteSavedAddressRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteSavedAddressResponse:
        await self._address_book.delete(call_context.caller(), *_address_name(request.name))
        return pb.DeleteSavedAddressResponse()

    async def ResolveSavedAddress(
        self, request: pb.ResolveSavedAddressRequest, context: grpc.aio.ServicerContext
    ) -> pb.ResolveSavedAddressResponse:
        owner = _user_id(request.user)
        named, address_id = _address_name(request.name)
        if named not in (domain.ME, owner):  # a shopper may check out only with their own addresses
            raise InvalidArgument.field("name", "must be one of the user's own addresses (users/me/addresses/...)")
        saved = await self._address_book.resolve(owner, address_id, as_named=f"users/{named}")
        return pb.ResolveSavedAddressResponse(saved_address=saved_address_to_pb(saved))
