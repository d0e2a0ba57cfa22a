"""The public surface: names that DESIGN.md fixes, and curated ``__all__`` lists."""

from __future__ import annotations

import importlib

import pytest

import tootkit


def test_top_level_exports() -> None:
    for name in ["Client", "AsyncClient", "converter", "errors", "models", "html", "Paginator"]:
        assert name in tootkit.__all__
        assert hasattr(tootkit, name)


@pytest.mark.parametrize(
    "module",
    ["tootkit", "tootkit.models", "tootkit.errors", "tootkit.html", "tootkit._convert"]
    + [f"tootkit._core.{m}" for m in ("request", "links", "ratelimit", "errors", "page")]
    + [f"tootkit.{side}.{m}" for side in ("_async", "_sync") for m in ("client", "paginator")],
)
def test_every_name_in_all_exists(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names {name}, which does not exist"


@pytest.mark.parametrize(
    "name",
    [
        "Status",
        "Account",
        "Tag",
        "MediaAttachment",
        "Poll",
        "PreviewCard",
        "Mention",
        "CustomEmoji",
        "Context",
        "Instance",
        "Notification",
        "SearchResults",
        "Field",
        "Role",
        "TagHistory",
        "FeaturedTag",
        "PollOption",
        "Application",
        "StatusEdit",
        "StatusSource",
        "ScheduledStatus",
        "InstanceV1",
        "Relationship",
        "FilterResult",
        "TrendLink",
        "Quote",
        "ShallowQuote",
    ],
)
def test_models_named_by_the_design(name: str) -> None:
    assert name in tootkit.models.__all__


@pytest.mark.parametrize(
    "name",
    [
        "TootkitError",
        "TransportError",
        "Timeout",
        "APIError",
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "Gone",
        "UnprocessableEntity",
        "RateLimited",
        "ServerError",
        "DecodeError",
    ],
)
def test_error_names(name: str) -> None:
    assert issubclass(getattr(tootkit.errors, name), tootkit.errors.TootkitError)


def test_model_classes_are_frozen_and_keyword_only() -> None:
    import attrs

    for name in tootkit.models.__all__:
        cls = getattr(tootkit.models, name)
        if isinstance(cls, type) and attrs.has(cls):
            assert cls.__attrs_attrs__ is not None
            with pytest.raises(TypeError):
                cls("positional")
            instance = cls()
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(instance, attrs.fields(cls)[0].name, None)
            assert cls.__doc__, name
