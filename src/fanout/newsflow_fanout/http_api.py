"""What the four HTTP API functions share: a resolver with one error vocabulary.

``ValidationError`` -> 400 ``{"error": <reason>, "message": <detail>}``; ``TransientError``
-> 503 with Retry-After, so clients retry instead of treating it as a bug.
"""

from __future__ import annotations

import binascii
from http import HTTPStatus
from typing import Any

import orjson
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types

from newsflow_core.errors import TransientError, ValidationError
from newsflow_core.observability import logger


def json_response(
    status: HTTPStatus, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[str]:
    return Response(
        status_code=status.value,
        content_type=content_types.APPLICATION_JSON,
        body=orjson.dumps(body).decode(),
        headers=headers,
    )


def build_resolver() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver()

    @app.exception_handler(ValidationError)
    def bad_request(exc: ValidationError) -> Response[str]:
        logger.info("bad request", extra={"reason": exc.reason, "detail": exc.detail})
        return json_response(HTTPStatus.BAD_REQUEST, {"error": exc.reason, "message": exc.detail})

    @app.exception_handler(TransientError)
    def unavailable(exc: TransientError) -> Response[str]:
        logger.warning("dependency unavailable", extra={"error": str(exc)})
        return json_response(
            HTTPStatus.SERVICE_UNAVAILABLE,
            {"error": "unavailable", "message": "temporarily unavailable, please retry"},
            headers={"Retry-After": "1"},
        )

    return app


def request_body(app: APIGatewayHttpResolver) -> str | None:
    """The request body as text, base64 decoded when API Gateway encoded it."""
    try:
        return app.current_event.decoded_body
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationError("invalid_encoding", "the body must be UTF-8 text") from exc
