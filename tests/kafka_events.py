"""Reads ShopMesh domain events back from the real Kafka broker, as a consumer would see them."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.runtime.consumer import dead_letter_topic
from services.runtime.kafka_connection import KafkaConnection


@dataclass
class Event:
    key: str
    type: str
    headers: dict[str, str]
    payload: bytes
    partition: int


async def events_for_key(
    kafka: KafkaConnection, topic: str, key: str, *, count: int = 1, within: float = 15.0
) -> list[Event]:
    """The first ``count`` events of ``key`` on ``topic`` (from the beginning), waiting up to ``within`` s."""
    found = await events_for_keys(kafka, topic, [key], at_least=count, within=within)
    return found.get(key, [])[:count]


async def events_for_keys(
    kafka: KafkaConnection, topic: str, keys: list[str], *, at_least: int = 1, within: float = 15.0
) -> dict[str, list[Event]]:
    """Every event of ``keys`` on ``topic`` (from the beginning, in each partition's order), read until each key
    has ``at_least`` of them or ``within`` s have passed."""
    consumer = AIOKafkaConsumer(
        topic,
        **kafka.client_kwargs(),
        group_id=f"test-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    wanted = set(keys)
    found: dict[str, list[Event]] = {}
    try:
        async with asyncio.timeout(within):
            while any(len(found.get(key, [])) < at_least for key in wanted):
                for records in (await consumer.getmany(timeout_ms=200)).values():
                    for record in records:
                        key = record.key.decode() if record.key is not None else None
                        if key in wanted:
                            headers = {k: v.decode() for k, v in record.headers}
                            event = Event(key, headers.get("ce_type", ""), headers, record.value, record.partition)
                            found.setdefault(key, []).append(event)
    except TimeoutError:
        pass
    finally:
        await consumer.stop()
    return found


async def fresh_topic(kafka: KafkaConnection, prefix: str, *, partitions: int = 1) -> str:
    """A new topic named ``<prefix>-<random>`` and its consumer's dead-letter topic (a consumer group named
    after the topic dead-letters there)."""
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    admin = AIOKafkaAdminClient(**kafka.client_kwargs())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1), NewTopic(dead_letter_topic(name), 1, 1)])
    finally:
        await admin.close()
    return name
