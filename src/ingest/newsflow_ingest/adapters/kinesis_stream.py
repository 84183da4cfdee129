"""Kinesis implementation of the StreamWriter: PutRecords in chunks within the call limits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from botocore.exceptions import ClientError

from newsflow_ingest.adapters.aws_errors import NETWORK_ERRORS, error_code, is_transient
from newsflow_ingest.ports import PutFailure, StreamEntry, StreamWriter

# PutRecords takes at most 500 records and 5 MB (data plus partition keys) per call.
MAX_RECORDS_PER_CALL: Final = 500
MAX_BYTES_PER_CALL: Final = 5 * 1024 * 1024
# A single record (data plus partition key) is at most 1 MB.
MAX_RECORD_BYTES: Final = 1024 * 1024


def _size(entry: StreamEntry) -> int:
    return len(entry.data) + len(entry.partition_key.encode())


def chunks(entries: Sequence[StreamEntry]) -> Iterator[range]:
    """Index ranges of ``entries`` that each fit one PutRecords call."""
    start, size = 0, 0
    for i, entry in enumerate(entries):
        entry_size = _size(entry)
        if entry_size > MAX_RECORD_BYTES:
            raise ValueError(f"entry {i} is {entry_size} bytes, over the 1 MB record limit")
        if i > start and (
            i - start == MAX_RECORDS_PER_CALL or size + entry_size > MAX_BYTES_PER_CALL
        ):
            yield range(start, i)
            start, size = i, 0
        size += entry_size
    if start < len(entries):
        yield range(start, len(entries))


class KinesisStreamWriter(StreamWriter):
    def __init__(self, kinesis: Any, stream_name: str) -> None:
        self._kinesis = kinesis
        self._stream = stream_name

    def put(self, entries: Sequence[StreamEntry]) -> list[PutFailure]:
        failures: list[PutFailure] = []
        for span in chunks(entries):
            failures.extend(self._put_chunk(entries, span))
        return failures

    def _put_chunk(self, entries: Sequence[StreamEntry], span: range) -> list[PutFailure]:
        records = [
            {"Data": entries[i].data, "PartitionKey": entries[i].partition_key} for i in span
        ]
        try:
            response = self._kinesis.put_records(StreamName=self._stream, Records=records)
        except ClientError as exc:
            if not is_transient(exc):
                raise
            return [PutFailure(i, error_code(exc), str(exc)) for i in span]
        except NETWORK_ERRORS as exc:
            return [PutFailure(i, type(exc).__name__, str(exc)) for i in span]
        if not response.get("FailedRecordCount"):
            return []
        # Results are positional: entry k of the response is record k of the request.
        return [
            PutFailure(i, result.get("ErrorCode", ""), result.get("ErrorMessage", ""))
            for i, result in zip(span, response["Records"], strict=True)
            if result.get("ErrorCode")
        ]
