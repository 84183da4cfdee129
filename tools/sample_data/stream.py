"""The sample stream file format, and the reader the CLI uses to replay it into Kinesis.

``data/sample/news.jsonl`` holds one JSON envelope per line, in stream order. An envelope
carries the exact bytes of one Kinesis record plus what the pipeline is expected to do
with it::

    {"seq": 1, "kind": "valid", "companies": ["AAPL"], "data": "{\\"source\\": ...}"}
    {"seq": 9, "kind": "duplicate", "duplicate_of": 4, "variant": "utm_params", "data": "..."}
    {"seq": 17, "kind": "malformed", "reason": "invalid_json", "data": "{\\"source\\": \\"Reu"}
    {"seq": 23, "kind": "malformed", "reason": "invalid_encoding", "data_b64": "eyJzb3..."}

``data`` is the record's bytes decoded as UTF-8; ``data_b64`` (standard base64) is used
instead exactly when the bytes are not valid UTF-8. Lines are separated by ``\\n`` only:
``str.splitlines`` would also split on U+2028 and friends, which JSON leaves unescaped.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VALID = "valid"
DUPLICATE = "duplicate"
MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class StreamRecord:
    seq: int  # 1-based position in the stream
    kind: str  # VALID, DUPLICATE or MALFORMED
    data: bytes  # exactly what goes into PutRecords' Data
    companies: tuple[str, ...] = ()  # tickers a valid article is about
    duplicate_of: int | None = None  # seq of the record it repeats
    variant: str | None = None  # how a duplicate differs ("exact", "utm_params", ...)
    reason: str | None = None  # the rejection reason a malformed record must get

    def to_line(self) -> str:
        envelope: dict[str, Any] = {"seq": self.seq, "kind": self.kind}
        if self.companies:
            envelope["companies"] = list(self.companies)
        if self.duplicate_of is not None:
            envelope["duplicate_of"] = self.duplicate_of
            envelope["variant"] = self.variant
        if self.reason is not None:
            envelope["reason"] = self.reason
        try:
            envelope["data"] = self.data.decode("utf-8")
        except UnicodeDecodeError:
            envelope["data_b64"] = base64.b64encode(self.data).decode("ascii")
        return json.dumps(envelope, ensure_ascii=False)

    @classmethod
    def from_line(cls, line: str) -> StreamRecord:
        envelope = json.loads(line)
        if "data_b64" in envelope:
            data = base64.b64decode(envelope["data_b64"], validate=True)
        else:
            data = envelope["data"].encode("utf-8")
        return cls(
            seq=int(envelope["seq"]),
            kind=str(envelope["kind"]),
            data=data,
            companies=tuple(envelope.get("companies", ())),
            duplicate_of=envelope.get("duplicate_of"),
            variant=envelope.get("variant"),
            reason=envelope.get("reason"),
        )


def dump_stream(records: Iterable[StreamRecord]) -> bytes:
    return "".join(f"{r.to_line()}\n" for r in records).encode("utf-8")


def read_stream(path: str | Path) -> list[StreamRecord]:
    text = Path(path).read_bytes().decode("utf-8")
    records = [StreamRecord.from_line(line) for line in text.split("\n") if line]
    return sorted(records, key=lambda r: r.seq)


def read_records(path: str | Path) -> list[bytes]:
    """The exact bytes of every record, in the order they are to be put on the stream."""
    return [r.data for r in read_stream(path)]
