"""The environment variables the settings read, spelled as an operator sets them."""

from __future__ import annotations

from pydantic import BaseModel


def env_names(model: type[BaseModel], prefix: str = "MENGKE_") -> set[str]:
    names = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            names.add(f"{prefix}{name.upper()}")
    return names
