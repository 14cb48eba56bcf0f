from pydantic import Field

from schemas import examples
from schemas.common import Body
from schemas.examples import example


class ApiIndex(Body):
    """Where to start: the docs, the contract, and the other entry points."""

    model_config = example(examples.API_INDEX)

    name: str
    version: str
    spec: str = Field(description="The RealWorld specification this API implements.")
    docs: str = Field(description="Interactive docs (Swagger UI).")
    redoc: str = Field(description="Reference docs (Redoc).")
    openapi: str = Field(description="The OpenAPI document: this contract.")
    health: str = Field(description="Liveness probe (readiness: `<health>/ready`).")
    events: str = Field(description="Live events (Server-Sent Events; WebSocket: /ws/events).")
