"""Inspecting and replaying a consumer's dead letters: ``python -m services.<name> dead-letters ...``.

- ``list``: every dead letter still on the topic (offset, event id and type, where it came from, the error,
  and whether it was redriven already), as JSON lines.
- ``redrive``: republishes the dead letters not redriven yet to the topics they came from, with their
  original key, id and headers, then remembers how far it got (the committed offset of the
  ``<consumer>.redrive`` group). Fix the cause first: a redriven event that fails again comes back here.

The consumer applies a redriven event like any other: it was never recorded as processed, since the failed
attempts rolled back; if it somehow was, the redelivery is skipped as a duplicate.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from services.runtime.consumer import DLQ_HEADERS, dead_letter_topic
from services.runtime.kafka_connection import KafkaConnection
from services.runtime.settings import ServiceSettings


async def _read_all(kafka: KafkaConnection, topic: str, group: str) -> tuple[Any, list[Any], dict[Any, int]]:
    """(consumer, every record on the topic, the group's committed offset per partition)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**kafka.client_kwargs())
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if description.get("error_code"):
        raise SystemExit(f"no topic {topic}")
    partitions = [TopicPartition(topic, p["partition"]) for p in description["partitions"]]
    consumer = AIOKafkaConsumer(
        **kafka.client_kwargs(), group_id=group, enable_auto_commit=False, isolation_level="read_committed"
    )
    await consumer.start()
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
    ends = await consumer.end_offsets(partitions)
    committed = {p: (await consumer.committed(p)) or 0 for p in partitions}
    records: list[Any] = []
    while [p for p in partitions if await consumer.position(p) < ends[p]]:
        batches = await consumer.getmany(timeout_ms=1000)
        for batch in batches.values():
            records.extend(batch)
    return consumer, records, committed


def _describe(record: Any, redriven: bool) -> dict[str, Any]:
    headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
    return {
        "offset": record.offset,
        "partition": record.partition,
        "event_id": headers.get("ce_id"),
        "type": headers.get("ce_type"),
        "key": (record.key or b"").decode(errors="replace"),
        "from": f"{headers.get('dlq_topic')}/{headers.get('dlq_partition')}@{headers.get('dlq_offset')}",
        "error": headers.get("dlq_error"),
        "time": headers.get("dlq_time"),
        "redriven": redriven,
    }


async def list_dead_letters(kafka: KafkaConnection, consumer_name: str) -> list[dict[str, Any]]:
    consumer, records, committed = await _read_all(kafka, dead_letter_topic(consumer_name), f"{consumer_name}.redrive")
    await consumer.stop()
    return [_describe(r, r.offset < committed[_partition(r)]) for r in records]


async def redrive(kafka: KafkaConnection, consumer_name: str) -> int:
    """Republishes every dead letter not redriven yet; returns how many."""
    from aiokafka import AIOKafkaProducer

    consumer, records, committed = await _read_all(kafka, dead_letter_topic(consumer_name), f"{consumer_name}.redrive")
    producer = AIOKafkaProducer(**kafka.client_kwargs(), enable_idempotence=True, acks="all")
    await producer.start()
    sent = 0
    try:
        for record in records:
            partition = _partition(record)
            if record.offset < committed[partition]:
                continue
            headers = {k: v for k, v in (record.headers or ())}
            original = [(k, v) for k, v in headers.items() if k not in DLQ_HEADERS]
            await producer.send_and_wait(
                headers["dlq_topic"].decode(), value=record.value, key=record.key, headers=original
            )
            await consumer.commit({partition: record.offset + 1})
            sent += 1
    finally:
        await producer.stop()
        await consumer.stop()
    return sent


def _partition(record: Any) -> Any:
    from aiokafka import TopicPartition

    return TopicPartition(record.topic, record.partition)


def dead_letters_command(consumer_name: str) -> Callable[[ServiceSettings, list[str]], Awaitable[int]]:
    """The ``dead-letters`` command of a service whose consumer group is ``consumer_name``."""

    async def command(settings: ServiceSettings, args: list[str]) -> int:
        parser = argparse.ArgumentParser(prog="dead-letters", description=__doc__.splitlines()[0])
        parser.add_argument("action", choices=["list", "redrive"])
        parsed = parser.parse_args(args)
        kafka = settings.kafka
        if kafka is None:
            print("SHOPMESH_KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
            return 2
        if parsed.action == "list":
            for letter in await list_dead_letters(kafka, consumer_name):
                print(json.dumps(letter))
            return 0
        print(f"redrove {await redrive(kafka, consumer_name)} dead letters")
        return 0

    return command
