"""Documented error responses, combined per operation."""

from typing import Any

from schemas.common import GenericErrorModel

UNAUTHORIZED: dict[int, Any] = {401: GenericErrorModel}
FORBIDDEN: dict[int, Any] = {403: GenericErrorModel}
NOT_FOUND: dict[int, Any] = {404: GenericErrorModel}
CONFLICT: dict[int, Any] = {409: GenericErrorModel}
INVALID: dict[int, Any] = {422: GenericErrorModel}
