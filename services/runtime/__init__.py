"""The shared service runtime: every ShopMesh service is built from it the same way.

- :mod:`.settings` typed configuration from the environment;
- :mod:`.server` the gRPC server host (health, reflection, interceptors, SIGTERM drain) and the CLI;
- :mod:`.pipeline` the per-RPC interceptor: request id, logs, access policy, validation, error mapping;
- :mod:`.errors` domain errors (plain Python) and :mod:`.rpc_status` their gRPC statuses;
- :mod:`.tokens` access-token verification against identity's JWKS;
- :mod:`.database` SQLAlchemy async engine, sessions and Alembic migrations;
- :mod:`.channels` clients of other services (deadlines, retries on UNAVAILABLE, trace context);
- :mod:`.pagination`, :mod:`.money`, :mod:`.fieldmask` small value codecs shared by the APIs.
"""
