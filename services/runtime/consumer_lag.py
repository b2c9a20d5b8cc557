"""How far behind each consumer group is, as Kafka sees it: the newest offset of every partition of its topics
less the offset the group committed there (from the start of the partition when it never committed).

Every process of a service with consumer groups reports its groups this way, every ``interval`` seconds,
whether or not it runs the consumers itself: on Kubernetes the API pods keep reporting while the consumer
Deployment is down, which is exactly when lag matters. ``shopmesh_consumer_group_lag{consumer, topic}``; the
replicas all report the same figure (take ``max``). The consumers' own per-partition gauge
(``shopmesh_consumer_lag``) only exists while they run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from prometheus_client import Gauge

from services.runtime.cancellation import cancel_and_wait
from services.runtime.kafka_connection import KafkaConnection

log = logging.getLogger(__name__)

GROUP_LAG = Gauge(
    "shopmesh_consumer_group_lag",
    "Events a consumer group has not yet committed, per topic, as Kafka sees it (reported whether or not its"
    " consumers run)",
    ["consumer", "topic"],
)


class GroupLagReporter:
    def __init__(self, kafka: KafkaConnection, groups: Mapping[str, Sequence[str]], *, interval: float = 15.0) -> None:
        self._kafka = kafka
        self._groups = {group: tuple(topics) for group, topics in groups.items()}
        self._interval = interval
        self._task: asyncio.Task[None] | None = None
        self._admin: Any = None
        self._offsets: Any = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="consumer-group-lag")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
        await self._close()

    async def _close(self) -> None:
        for client in (self._admin, self._offsets):
            if client is not None:
                with contextlib.suppress(Exception):
                    await (client.close() if client is self._admin else client.stop())
        self._admin = self._offsets = None

    async def _run(self) -> None:
        while True:
            try:
                await self.report_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Kafka away: the gauges keep their last values; reconnect next time
                log.debug("consumer group lag not measured: %r", error)
                await self._close()
            await asyncio.sleep(self._interval)

    async def report_once(self) -> dict[tuple[str, str], int]:
        """Measures every group's lag per topic, sets the gauges and returns them."""
        from aiokafka import AIOKafkaConsumer, TopicPartition
        from aiokafka.admin import AIOKafkaAdminClient

        if self._admin is None:
            self._admin = AIOKafkaAdminClient(**self._kafka.client_kwargs(), request_timeout_ms=5000)
            await self._admin.start()
            # No group: it only reads partitions' first and next offsets.
            self._offsets = AIOKafkaConsumer(**self._kafka.client_kwargs(), enable_auto_commit=False)
            await self._offsets.start()
        wanted = sorted({topic for topics in self._groups.values() for topic in topics})
        partitions_of = {
            described["topic"]: sorted(p["partition"] for p in described["partitions"])
            for described in await self._admin.describe_topics(wanted)
            if described["error_code"] == 0
        }
        lags: dict[tuple[str, str], int] = {}
        for group, topics in self._groups.items():
            committed = await self._admin.list_consumer_group_offsets(group)
            partitions = [TopicPartition(topic, p) for topic in topics for p in partitions_of.get(topic, ())]
            if not partitions:
                continue
            ends = await self._offsets.end_offsets(partitions)
            starts = await self._offsets.beginning_offsets(partitions)
            for partition in partitions:
                done = committed.get(partition)
                position = done.offset if done is not None and done.offset >= 0 else starts[partition]
                key = (group, partition.topic)
                lags[key] = lags.get(key, 0) + max(0, ends[partition] - position)
        for (group, topic), lag in lags.items():
            GROUP_LAG.labels(group, topic).set(lag)
        return lags
