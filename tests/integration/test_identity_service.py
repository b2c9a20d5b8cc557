"""Identity against real PostgreSQL: accounts, sessions, and what a customer may and may not see."""

import logging
import uuid

import asyncpg
import grpc
import jwt
import pytest

from shop.identity.v1 import identity_service_pb2 as pb
from shop.identity.v1 import user_pb2
from tests.integration.conftest import register_and_login
from tests.rich_errors import details_of, field_violations


async def test_a_registered_user_logs_in_and_reads_their_own_profile(identity, customer):
    me = await identity.GetUser(pb.GetUserRequest(name="users/me"), metadata=customer.metadata)
    assert me.user.name == customer.user_name
    assert me.user.email == customer.email
    assert me.user.role == user_pb2.User.ROLE_CUSTOMER


async def test_registering_an_email_twice_is_already_exists_whatever_its_case(identity, customer):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.RegisterUser(
            pb.RegisterUserRequest(email=customer.email.upper(), password="another password", display_name="Copy")
        )
    assert error.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert details_of(error.value)["ErrorInfo"].reason == "EMAIL_TAKEN"


async def test_a_retried_registration_with_the_same_request_id_returns_the_same_user(identity):
    request = pb.RegisterUserRequest(
        email=f"retry-{uuid.uuid4().hex[:8]}@example.com",
        password="long password!",
        display_name="Retry",
        request_id=str(uuid.uuid4()),
    )
    first = await identity.RegisterUser(request)
    second = await identity.RegisterUser(request)
    assert first.user.name == second.user.name


async def test_wrong_password_and_unknown_email_fail_the_same_way(identity, customer):
    errors = []
    for email, password in ((customer.email, "wrong password"), ("nobody-here@example.com", customer.password)):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await identity.Login(pb.LoginRequest(email=email, password=password))
        errors.append((error.value.code(), error.value.details(), details_of(error.value)["ErrorInfo"].reason))
    assert errors[0] == errors[1]
    assert errors[0][0] == grpc.StatusCode.UNAUTHENTICATED


async def test_the_access_token_is_rs256_signed_by_a_published_key(identity, customer):
    jwks = await identity.GetJwks(pb.GetJwksRequest())
    header = jwt.get_unverified_header(customer.access_token)
    assert header["alg"] == "RS256"
    assert header["kid"] in {key.kid for key in jwks.keys}
    claims = jwt.decode(customer.access_token, options={"verify_signature": False})
    assert claims["sub"] == customer.user_name.removeprefix("users/")
    assert claims["role"] == "customer"
    assert claims["exp"] - claims["iat"] <= 900


async def test_a_refresh_token_is_good_exactly_once(identity, customer):
    renewed = await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=customer.refresh_token))
    assert renewed.access_token
    assert renewed.refresh_token != customer.refresh_token
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=customer.refresh_token))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert details_of(error.value)["ErrorInfo"].reason == "REFRESH_TOKEN_REUSED"
    # Reuse means theft: the session that came from it is ended too.
    with pytest.raises(grpc.aio.AioRpcError):
        await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=renewed.refresh_token))


async def test_logout_ends_the_session(identity, customer):
    await identity.Logout(pb.LogoutRequest(refresh_token=customer.refresh_token))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=customer.refresh_token))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_changing_the_password_ends_every_session_and_retires_the_old_password(identity, customer):
    await identity.ChangePassword(
        pb.ChangePasswordRequest(
            name="users/me", current_password=customer.password, new_password="a brand new password"
        ),
        metadata=customer.metadata,
    )
    with pytest.raises(grpc.aio.AioRpcError):
        await identity.Login(pb.LoginRequest(email=customer.email, password=customer.password))
    with pytest.raises(grpc.aio.AioRpcError):
        await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=customer.refresh_token))
    await identity.Login(pb.LoginRequest(email=customer.email, password="a brand new password"))


async def test_a_wrong_current_password_changes_nothing(identity, customer):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.ChangePassword(
            pb.ChangePasswordRequest(
                name="users/me", current_password="not it at all", new_password="a brand new password"
            ),
            metadata=customer.metadata,
        )
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
    await identity.Login(pb.LoginRequest(email=customer.email, password=customer.password))


async def test_another_users_profile_does_not_exist_for_a_customer_but_does_for_an_admin(identity, customer, admin):
    other = await register_and_login(identity)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.GetUser(pb.GetUserRequest(name=other.user_name), metadata=customer.metadata)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    seen = await identity.GetUser(pb.GetUserRequest(name=other.user_name), metadata=admin.metadata)
    assert seen.user.email == other.email


async def test_profile_reads_need_a_token(identity, customer):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.GetUser(pb.GetUserRequest(name="users/me"))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_a_stale_etag_is_aborted_and_the_profile_keeps_its_name(identity, customer):
    me = (await identity.GetUser(pb.GetUserRequest(name="users/me"), metadata=customer.metadata)).user
    updated = await identity.UpdateUser(
        pb.UpdateUserRequest(user=user_pb2.User(name="users/me", display_name="New Name", etag=me.etag)),
        metadata=customer.metadata,
    )
    assert updated.user.display_name == "New Name"
    assert updated.user.etag != me.etag
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.UpdateUser(
            pb.UpdateUserRequest(user=user_pb2.User(name="users/me", display_name="Lost Update", etag=me.etag)),
            metadata=customer.metadata,
        )
    assert error.value.code() == grpc.StatusCode.ABORTED
    again = await identity.GetUser(pb.GetUserRequest(name="users/me"), metadata=customer.metadata)
    assert again.user.display_name == "New Name"


async def test_bad_registration_input_lists_every_field_and_writes_nothing(identity, infrastructure):
    email = f"bad-{uuid.uuid4().hex[:8]}-at-example.com"
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await identity.RegisterUser(pb.RegisterUserRequest(email=email, password="short", display_name=""))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value) == {"email", "password", "display_name"}
    connection = await asyncpg.connect(infrastructure.database_url("identity_it").replace("+asyncpg", ""))
    try:
        assert await connection.fetchval("SELECT count(*) FROM users WHERE email = $1", email) == 0
    finally:
        await connection.close()


async def test_passwords_are_stored_as_argon2id_hashes_and_never_logged(identity, infrastructure, caplog):
    caplog.set_level(logging.DEBUG)
    secret = f"unmistakable-{uuid.uuid4().hex}"
    email = f"secret-{uuid.uuid4().hex[:8]}@example.com"
    await identity.RegisterUser(pb.RegisterUserRequest(email=email, password=secret, display_name="S"))
    session = await identity.Login(pb.LoginRequest(email=email, password=secret))
    connection = await asyncpg.connect(infrastructure.database_url("identity_it").replace("+asyncpg", ""))
    try:
        stored = await connection.fetchval("SELECT password_hash FROM users WHERE email = $1", email)
        token_hashes = await connection.fetch("SELECT token_hash FROM refresh_tokens")
    finally:
        await connection.close()
    assert stored.startswith("$argon2id$")
    assert secret not in stored
    assert session.refresh_token.encode() not in {bytes(row["token_hash"]) for row in token_hashes}
    logged = "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    assert "rpc" in logged  # the access log did run
    assert secret not in logged
    assert session.access_token not in logged


async def test_making_an_existing_account_admin_resets_its_password_and_ends_its_sessions(
    identity, customer, identity_host
):
    """Someone registers the future admin's address first and waits: the bootstrap leaves them nothing."""
    from services.identity.adapters.signing import TokenSigner
    from services.identity.bootstrap import build_service

    settings = identity_host.settings
    signer = TokenSigner.from_file(
        settings.jwt_private_key_file, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    bootstrap = build_service(settings, identity_host.database, signer)
    promoted = await bootstrap.ensure_admin(email=customer.email, password="the operator's admin password")
    assert promoted.role == "admin"

    with pytest.raises(grpc.aio.AioRpcError) as old_password:
        await identity.Login(pb.LoginRequest(email=customer.email, password=customer.password))
    assert old_password.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.aio.AioRpcError) as old_session:  # no admin token can come out of the old session
        await identity.RefreshSession(pb.RefreshSessionRequest(refresh_token=customer.refresh_token))
    assert old_session.value.code() == grpc.StatusCode.UNAUTHENTICATED
    admin = await identity.Login(pb.LoginRequest(email=customer.email, password="the operator's admin password"))
    assert admin.user.role == user_pb2.User.ROLE_ADMIN

    # Run again (every start does): an account that already is an admin keeps the password it has now.
    await bootstrap.ensure_admin(email=customer.email, password="a different configured password")
    await identity.Login(pb.LoginRequest(email=customer.email, password="the operator's admin password"))
