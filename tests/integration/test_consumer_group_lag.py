"""A consumer group's lag as Kafka sees it (services/runtime/consumer_lag.py): reported whether or not the
group's consumers run, so a stopped consumer shows as lag growing with every event, against the real broker."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from scripts.mesh import Profile
from services.runtime.consumer_lag import GROUP_LAG, GroupLagReporter
from services.runtime.kafka_connection import KafkaConnection
from tests.kafka_events import fresh_topic


async def _send(kafka: KafkaConnection, topic: str, count: int) -> None:
    producer = AIOKafkaProducer(**kafka.client_kwargs())
    await producer.start()
    try:
        for n in range(count):
            await producer.send_and_wait(topic, f"event {n}".encode(), key=f"k{n}".encode())
    finally:
        await producer.stop()


async def test_a_stopped_group_shows_lag_growing_with_every_event_and_shrinking_as_it_commits(
    infrastructure: Profile,
):
    kafka = infrastructure.kafka()
    topic = await fresh_topic(kafka, "it-lag", partitions=3)
    group = f"{topic}-group"
    reporter = GroupLagReporter(kafka, {group: [topic]})
    try:
        # The group never ran: every event is behind.
        await _send(kafka, topic, 5)
        assert await reporter.report_once() == {(group, topic): 5}
        await _send(kafka, topic, 4)
        assert await reporter.report_once() == {(group, topic): 9}
        assert GROUP_LAG.labels(group, topic)._value.get() == 9

        # The group consumes and commits some of it, then stops: what it committed is no longer lag.
        consumer = AIOKafkaConsumer(
            topic, **kafka.client_kwargs(), group_id=group, enable_auto_commit=False, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            seen: dict[TopicPartition, int] = {}
            while sum(seen.values()) < 9:
                for partition, records in (await consumer.getmany(timeout_ms=500)).items():
                    seen[partition] = records[-1].offset + 1
            (first, *_) = sorted(seen, key=lambda p: p.partition)
            await consumer.commit({first: seen[first]})
        finally:
            await consumer.stop()
        assert await reporter.report_once() == {(group, topic): 9 - seen[first]}

        await _send(kafka, topic, 2)
        assert await reporter.report_once() == {(group, topic): 11 - seen[first]}
    finally:
        await reporter.stop()
