"""Which botocore failures are worth retrying: throttling, 5xx and network trouble."""

from __future__ import annotations

from typing import Final

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

from newsflow_core.errors import TransientError

_TRANSIENT_CODES: Final = frozenset(
    {
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "KMSThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "RequestTimeout",
        "RequestTimeoutException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "SlowDown",
        "ThrottledException",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "TransactionInProgressException",
    }
)

# Connection resets and timeouts raise these instead of ClientError.
NETWORK_ERRORS: Final = (ConnectionError, HTTPClientError)


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_transient_code(code: str) -> bool:
    return code in _TRANSIENT_CODES


def is_transient(exc: ClientError) -> bool:
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    return is_transient_code(error_code(exc)) or status >= 500 or status == 429


def transient(what: str, exc: Exception) -> TransientError:
    """A TransientError naming the failed operation, for ``raise ... from exc``."""
    return TransientError(f"{what}: {type(exc).__name__}: {exc}")
