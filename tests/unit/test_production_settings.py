"""A service started in prod refuses plaintext Kafka and Redis, whatever the chart was told (the chart refuses
them too); a service that uses neither needs neither."""

import pytest
from pydantic import ValidationError

from services.cart.settings import CartSettings
from services.runtime.settings import ServiceSettings


def test_prod_refuses_kafka_without_tls():
    with pytest.raises(ValidationError, match="SASL_SSL"):
        ServiceSettings(
            environment="prod", kafka_bootstrap_servers="kafka:9092", kafka_security_protocol="SASL_PLAINTEXT"
        )
    settings = ServiceSettings(
        environment="prod",
        kafka_bootstrap_servers="kafka:9093",
        kafka_security_protocol="SASL_SSL",
        kafka_username="orders",
        kafka_password="secret",
    )
    assert settings.kafka is not None
    assert settings.kafka.client_kwargs()["sasl_plain_username"] == "orders"


def test_prod_refuses_redis_without_tls_or_its_own_user():
    with pytest.raises(ValidationError, match="rediss://"):
        CartSettings(environment="prod", redis_url="redis://cache:6379/0", redis_username="cart")
    with pytest.raises(ValidationError, match="rediss://"):
        CartSettings(environment="prod", redis_url="rediss://cache:6380/0")
    assert CartSettings(environment="prod", redis_url="rediss://cache:6380/0", redis_username="cart").redis_username


def test_a_service_without_kafka_has_no_kafka_to_secure():
    assert ServiceSettings(environment="prod").kafka is None
