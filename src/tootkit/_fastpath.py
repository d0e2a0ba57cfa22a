"""The fast path of decoding: msgspec reads JSON straight into the models.

cattrs' generated code runs in Python, one call per field, so a status costs
several times what parsing its JSON does. msgspec parses the JSON and builds
the same frozen attrs instances in C, in one pass, for less than twice what
``orjson.loads`` alone costs (docs/performance.md has the figures). It is
strict, though: an integer id, a ``null`` where a string belongs or a naive
timestamp makes it give up. So:

1. The whole body goes to msgspec. Nearly every page from a Mastodon server
   is read here, with no Python code per field.
2. If msgspec refuses it and the body is a list, each item goes to msgspec
   on its own. One odd post does not slow down the page.
3. An item that msgspec refuses goes to the tolerant cattrs converter,
   which reads what servers really send (and, if even it cannot, the whole
   body goes to cattrs, whose error names the item). Repairing the refused
   field and letting msgspec try again was measured, and was slower: an item
   from a quirky server has several odd fields, and msgspec stops at the
   first.

A few JSON keys do not map one to one onto the models' fields: ``"text"`` is
:attr:`Status.source_text <tootkit.models.Status.source_text>` and ``"@1x"``
is ``x1``. msgspec would drop them, so an item that contains one is also read
by a small msgspec struct that holds just those keys (and the way to them),
and their values are set on the model. Every occurrence of such a key must be
accounted for, or the item goes to cattrs: a key named ``"text"`` somewhere
else, where the models have no such field, costs time, never data. A field
that is not JSON at all (``init=False``) must never be set from JSON: an item
with a key of that name goes to cattrs, which ignores it. (The models keep
their private state, the client's HTML converter, in class attributes that
msgspec does not see, so that no page pays for this check.)

Fields that msgspec cannot read alone (a union of two model classes) are
:class:`~tootkit.models._base.Deferred` stand-ins at runtime; msgspec hands their
JSON to :meth:`FastPath._hook`. A date field that holds a UTC timestamp
(``last_status_at`` from GoToSocial) is cut to its day, and msgspec tries
again; see :func:`day_pattern`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, get_args, get_origin

import attrs
import msgspec
import orjson

from tootkit._typeinfo import (
    _DAY,
    _RAW_LIST,
    _fields,
    _members,
    _Mirror,
    _mirror,
    _models,
    day_keys,
    day_pattern,
    strip_optional,
    unsafe_keys,
)

if TYPE_CHECKING:
    from tootkit._convert import Converter

__all__ = ["SLOW", "FastPath"]

SLOW: Any = object()
"""What :meth:`FastPath.decode` returns when the body must go to cattrs whole."""

Hook = Callable[[Any, Any], Any]
Pickers = dict[Any, Callable[[Any], type | None]]


@attrs.frozen
class _Reader:
    """How to read one JSON value (a body or a list's item) into ``type``."""

    type: Any
    decoder: msgspec.json.Decoder[Any]
    renamed: tuple[bytes, ...]
    private: tuple[bytes, ...]
    mirror: _Mirror | None
    days: re.Pattern[bytes] | None
    day_errors: tuple[str, ...]  # how msgspec's error ends when a date field refused a value

    def cut_days(self, data: bytes, error: msgspec.ValidationError) -> bytes | None:
        """``data`` with the UTC timestamps in date fields cut to days, if that is what failed."""
        if self.days is None or not str(error).endswith(self.day_errors):
            return None
        cut, count = self.days.subn(_DAY, data)
        return cut if count else None


@attrs.frozen
class _Plan:
    """The readers for one target type, built once: the whole body, and a list's items."""

    whole: _Reader
    item: _Reader | None


class FastPath:
    """msgspec decoders for the types a converter is asked for, with the way back to cattrs.

    ``pickers`` says, for each union of model classes, which class a JSON
    object is (see ``tootkit._pickers.PICKERS``). ``html`` is the client's
    HTML converter, which each status and account it returns remembers.

    Examples:
        >>> import tootkit
        >>> from tootkit.models import Tag
        >>> fast = FastPath(tootkit.converter)
        >>> fast.decode(b'[{"name": "cats", "url": "https://x/tags/cats"}]', list[Tag])[0].name
        'cats'
        >>> fast.decode(b'[{"name": 7}]', list[Tag])[0].name  # an integer: read by cattrs
        '7'
    """

    def __init__(
        self,
        converter: Converter,
        pickers: Pickers | None = None,
        html: Callable[..., str] | None = None,
    ) -> None:
        self._converter = converter
        self._pickers = pickers or {}
        self._html = html
        self._stamps: dict[type, tuple[str, ...] | None] = {}
        self._plans: dict[Any, _Plan | None] = {}
        self._hooks: dict[Any, Hook] = {}
        self._deferred: dict[Any, Hook] = {}

    # --- building -------------------------------------------------------------

    def _structure_hook(self, tp: Any) -> Hook:
        try:
            return self._hooks[tp]
        except KeyError:
            hook = self._hooks[tp] = self._converter.get_structure_hook(tp)
            return hook

    def _reader(self, tp: Any) -> _Reader:
        decoder = msgspec.json.Decoder(tp, dec_hook=self._hook, strict=False)
        renamed, private = unsafe_keys(tp)
        mirror = _mirror(strip_optional(tp)) if renamed else None
        days = day_keys(tp)
        day_errors = tuple(f".{key}`" for key in days)  # msgspec's error ends with the path
        return _Reader(tp, decoder, renamed, private, mirror, day_pattern(days), day_errors)

    def _plan(self, cl: Any) -> _Plan | None:
        try:
            return self._plans[cl]
        except KeyError:
            pass
        plan: _Plan | None
        try:
            item_type = get_args(cl)[0] if get_origin(cl) is list else None
            item = self._reader(item_type) if item_type is not None else None
            plan = _Plan(self._reader(cl), item)
        except (TypeError, ValueError, NotImplementedError, NameError):
            # A type msgspec cannot build (or whose annotations do not
            # resolve): cattrs alone reads it, or explains why it cannot.
            plan = None
        self._plans[cl] = plan
        return plan

    # --- decoding -------------------------------------------------------------

    def decode(self, data: bytes | bytearray | memoryview | str, cl: Any) -> Any:
        """Decode ``data`` into ``cl`` on the fast path, or return :data:`SLOW`.

        :data:`SLOW` means that cattrs must read the whole body: the type is
        not one msgspec can build, the body is not valid JSON, or part of it
        can only be read (or explained) by cattrs.
        """
        result = self._decode(data, cl)
        if self._html is not None and result is not SLOW:
            self._stamp(result)
        return result

    def _decode(self, data: bytes | bytearray | memoryview | str, cl: Any) -> Any:
        plan = self._plan(cl)
        if plan is None:
            return SLOW
        body = data.encode() if isinstance(data, str) else bytes(data)
        whole, item = plan.whole, plan.item
        if item is None:
            return self._read(whole, body)
        keyed = _contains_any(body, whole.renamed + whole.private)
        if not keyed:
            try:
                return whole.decoder.decode(body)
            except msgspec.ValidationError as exc:
                cut = whole.cut_days(body, exc)
                if cut is not None:
                    body = cut  # the items below are read from it too
                    try:
                        return whole.decoder.decode(body)
                    except msgspec.ValidationError:
                        pass
                # well-formed JSON that msgspec will not take whole: item by item
            except msgspec.DecodeError:
                return SLOW
        try:
            raws = _RAW_LIST.decode(body)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return SLOW
        out = []
        for raw in raws:
            chunk = bytes(raw)
            model = self._read(item, chunk, keyed)
            if model is SLOW:
                # cattrs for this item alone. If even cattrs cannot read it,
                # the whole body goes to cattrs, whose error names the index.
                try:
                    model = self._structure_hook(item.type)(orjson.loads(chunk), item.type)
                except Exception:
                    return SLOW
            out.append(model)
        return out

    def _read(self, reader: _Reader, chunk: bytes, keyed: bool = True) -> Any:
        """One JSON value: msgspec, then the renamed keys; or SLOW.

        ``keyed`` False says that the body ``chunk`` came from holds no
        renamed or private key, so the chunk is not searched again.
        """
        if keyed and _contains_any(chunk, reader.private):
            return SLOW
        try:
            model = reader.decoder.decode(chunk)
        except msgspec.ValidationError as exc:
            cut = reader.cut_days(chunk, exc)
            if cut is None:
                return SLOW
            try:
                model = reader.decoder.decode(cut)
            except msgspec.ValidationError:
                return SLOW
        except msgspec.DecodeError:
            return SLOW
        if keyed and _contains_any(chunk, reader.renamed):
            return self._patch(reader, chunk, model)
        return model

    def _hook(self, tp: Any, value: Any) -> Any:
        """msgspec's ``dec_hook``: the JSON of a :class:`Deferred` field.

        It runs for every such field, so it is one dict lookup and a call.
        """
        try:
            read = self._deferred[tp]
        except KeyError:
            read = self._deferred[tp] = self._deferred_reader(tp)
        return read(value, tp)

    def _deferred_reader(self, tp: Any) -> Hook:
        """How to read the JSON of :class:`Deferred` ``tp``, built once per type.

        For a union of models, the converter's picker says which class the
        object is, and msgspec reads it into that class; anything else goes
        to the converter's hook for the target type. A hook may raise only
        ValueError or TypeError, which msgspec reports as a ValidationError.
        """
        target = tp.target
        hook = self._converter.get_structure_hook(target)
        pick = self._pickers.get(target)

        def read_target(value: Any, _: Any) -> Any:
            try:
                return hook(value, target)
            except Exception as exc:
                raise ValueError(str(exc)) from exc

        if pick is None:
            return read_target
        safe = {cl: unsafe_keys(cl) == ((), ()) for cl in _members(target) if attrs.has(cl)}
        convert = msgspec.convert
        validation_error = msgspec.ValidationError

        def read_union(value: Any, _: Any) -> Any:
            if value.__class__ is dict:
                cl = pick(value)
                if cl is not None:
                    if safe.get(cl):
                        try:
                            return convert(value, cl, strict=False, dec_hook=self._hook)
                        except validation_error:
                            pass
                    else:  # keys to look for: the bytes path
                        result = self.decode(orjson.dumps(value), cl)
                        if result is not SLOW:
                            return result
            return read_target(value, tp)

        return read_union

    # --- the client's HTML converter ------------------------------------------

    def _stamp(self, value: Any) -> None:
        """Make every status and account in ``value`` remember the HTML converter."""
        if value.__class__ in (list, tuple):
            for item in value:
                self._stamp(item)
            return
        cl = value.__class__
        try:
            fields = self._stamps[cl]
        except KeyError:
            fields = self._stamps[cl] = _stamp_fields(cl)
        if fields is None:
            return
        for name in fields:
            if name == "_html":
                object.__setattr__(value, "_html", self._html)
            else:
                part = getattr(value, name)
                if part is not None:
                    self._stamp(part)

    # --- renamed keys ---------------------------------------------------------

    def _patch(self, reader: _Reader, chunk: bytes, model: Any) -> Any:
        """Set the renamed fields of ``model`` from ``chunk``, or return SLOW."""
        if reader.mirror is None:
            return SLOW
        try:
            found = reader.mirror.decoder.decode(chunk)
            count = self._apply(reader.mirror, found, model)
        except Exception:
            return SLOW
        # Each occurrence of a renamed key must have been read: one elsewhere
        # (in a part the models do not have) sends the item to cattrs.
        if count != sum(chunk.count(key) for key in reader.renamed):
            return SLOW
        return model

    def _apply(self, mirror: _Mirror, found: Any, model: Any) -> int:
        count = 0
        for name, tp in mirror.renamed:
            value = getattr(found, name)
            if value is not msgspec.UNSET:
                object.__setattr__(model, name, self._structure_hook(tp)(value, tp))
                count += 1
        for name, many, sub in mirror.nested:
            value = getattr(found, name)
            target = getattr(model, name)
            if value is msgspec.UNSET or value is None or target is None:
                continue
            if many:
                for part, model_part in zip(value, target, strict=True):
                    count += self._apply(sub, part, model_part)
            else:
                count += self._apply(sub, value, target)
        return count


def _has_html(cl: type) -> bool:
    return "_html" in vars(cl)


def _stamp_fields(cl: type) -> tuple[str, ...] | None:
    """The fields of model ``cl`` to visit when stamping: ``_html`` and those leading to one."""
    if not attrs.has(cl):
        return None
    names = tuple(
        field.name for field in _fields(cl) if any(_has_html(m) for m in _models(field.type))
    )
    if _has_html(cl):
        names += ("_html",)
    return names or None


def _contains_any(body: bytes, keys: tuple[bytes, ...]) -> bool:
    return any(key in body for key in keys)
