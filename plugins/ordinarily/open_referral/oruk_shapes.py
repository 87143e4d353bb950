"""Reading a feed file in either Open Referral UK shape into a list of service records.

- **Open Referral UK 3.0**: one service (`/services/{id}`), a page (`contents`), a list, an
  organisation with its `services`, or a service_at_location with its `service`.
- **The original shape** (the LGA's extended HSDS 1.x that most council feeds still publish):
  a Spring-style page (`content`, `totalElements`), a bare list, or full records with
  `regular_schedules`, `eligibilitys`, `service_taxonomys`, `cost_options` and
  `service_at_locations` whose locations have `physical_addresses`. Its fields with a 3.0
  counterpart of the same structure are renamed (`regular_schedules` to `schedules`,
  `physical_addresses` to `addresses`, `accessibility_for_disabilities` to `accessibility`,
  a language's `language` to `name`); everything else (`service_taxonomys`, `eligibilitys`,
  supplier fields such as `pc_targetAudience`) stays on the record as it came.

A record that is not a service with a name is skipped and reported with its position (or,
with `strict`, the whole feed is refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ordinarily.core.problems import ContentError, Problem
from ordinarily.open_referral.oruk_text import plain_text, to_markdown

JSON = dict[str, Any]
ORIGINAL = "the original Open Referral UK shape"
CURRENT = "Open Referral UK 3.0"
ORIGINAL_KEYS = {"service_taxonomys", "regular_schedules", "eligibilitys", "holiday_schedules",
                 "fundings", "deliverable_type", "attending_type", "attending_access"}


@dataclass(frozen=True)
class Skipped:
    position: int  # 1-based, in the order of the feed
    name: str
    reason: str

    def line(self) -> str:
        named = f" ({self.name})" if self.name else ""
        return f"  record {self.position}{named}: {self.reason}"


@dataclass
class Feed:
    services: list[JSON]
    shape: str
    skipped: list[Skipped] = field(default_factory=list)


def read_feed(path: Path, strict: bool = False) -> Feed:
    """The services in a feed file; ContentError with a one-line message if it is not a feed
    (or, with `strict`, if any record is broken)."""
    shown = str(path)
    data = _json(path, shown)
    items, shape = _items(data)
    if items is None:
        raise ContentError([Problem(shown, 0, "this is not an Open Referral UK feed: expected "
                                    "one service (/services/{id}), a page of services ("
                                    "'contents' in 3.0, 'content' in the original shape) or a "
                                    "list of services")])
    if any(isinstance(i, dict) and ORIGINAL_KEYS & set(i) for i in items):
        shape = ORIGINAL
    feed = Feed([], shape)
    for position, item in enumerate(items, 1):
        reason = broken(item)
        if reason is None:
            feed.services.append(from_original(item) if shape == ORIGINAL else item)
            continue
        name = item.get("name") if isinstance(item, dict) else None
        feed.skipped.append(Skipped(position, name.strip() if isinstance(name, str) else "",
                                    reason))
    if strict and feed.skipped:
        raise ContentError([Problem(shown, 0, f"record {s.position} of the feed is broken: "
                                    f"{s.reason}; --strict refuses the whole feed (without it "
                                    "the other records import and this one is reported)")
                            for s in feed.skipped])
    if not feed.services and feed.skipped:
        raise ContentError([Problem(shown, 0, f"no record of the feed is a service with a name "
                                    f"(record 1: {feed.skipped[0].reason})")])
    return feed


def broken(item: Any) -> str | None:
    """Why a record cannot be imported, or None."""
    if not isinstance(item, dict):
        return "it is not a service record (an object with a name)"
    name = item.get("name")
    if not isinstance(name, str) or not plain_text(to_markdown(name)):
        return "it has no name; every service needs one"
    return None


def _json(path: Path, shown: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except OSError as exc:
        raise ContentError([Problem(shown, 0, f"cannot read the feed: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, 0, "the feed is not UTF-8 text")]) from None
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ContentError([Problem(shown, 0, f"the feed is not valid JSON{where}")]) from None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number in JSON")


def _items(data: Any) -> tuple[list | None, str]:
    shape = CURRENT
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and isinstance(data.get("content"), list):
        data, shape = data["content"], ORIGINAL
    elif isinstance(data, dict) and {"name", "services", "service"} & set(data):
        data = [data]
    if not isinstance(data, list):
        return None, shape
    return [service for item in data for service in feed_services(item)], shape


def feed_services(item: Any) -> list:
    """The services in one feed object: a service, an organisation with its `services`, or a
    service_at_location with its `service` (each service then holds the other object)."""
    if not isinstance(item, dict):
        return [item]
    if isinstance(item.get("services"), list) and "organization" not in item:
        org = {k: v for k, v in item.items() if k != "services"}
        return [{**s, "organization": org} if isinstance(s, dict) else s
                for s in item["services"]]
    if isinstance(item.get("service"), dict) and "name" not in item:
        sal = {k: v for k, v in item.items() if k != "service"}
        service = dict(item["service"])
        service.setdefault("service_at_locations", [sal])
        return [service]
    return [item]


# The original shape ------------------------------------------------------------------------


def from_original(item: JSON) -> JSON:
    """A record of the original shape with the fields that 3.0 holds in the same structure
    under 3.0's names; the rest as it came."""
    out = dict(item)
    _rename(out, "regular_schedules", "schedules")
    if isinstance(out.get("languages"), list):
        out["languages"] = [_renamed(x, "language", "name") for x in out["languages"]]
    if isinstance(out.get("service_at_locations"), list):
        out["service_at_locations"] = [_located(x) for x in out["service_at_locations"]]
    return out


def _rename(obj: JSON, old: str, new: str) -> None:
    if old in obj and new not in obj:
        obj[new] = obj.pop(old)


def _renamed(item: Any, old: str, new: str) -> Any:
    if not isinstance(item, dict):
        return item
    out = dict(item)
    _rename(out, old, new)
    return out


def _located(sal: Any) -> Any:
    if not isinstance(sal, dict) or not isinstance(sal.get("location"), dict):
        return sal
    location = dict(sal["location"])
    _rename(location, "physical_addresses", "addresses")
    _rename(location, "accessibility_for_disabilities", "accessibility")
    if isinstance(location.get("accessibility"), list):
        location["accessibility"] = [_renamed(x, "accessibility", "description")
                                     for x in location["accessibility"]]
    return {**sal, "location": location}
