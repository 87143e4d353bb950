"""Unknowns: every fact a service's file gives as `not stated`, at its file and line.

A service imported from a feed that does not say what it costs, who can refer, which needs or
ages it is for, or how to get in touch keeps `not stated` for that field: the page says "Not
stated: ask the service", the finder's filters do not match it and the feed asserts nothing. The
officer confirms each one with the provider and writes the real value. This check lists them as
a warning; it never fails. See docs/check-content.md.
"""

from __future__ import annotations

from ordinarily.assembly.project import Project
from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import ContentFiles
from ordinarily.local_offer import offer_model as o

# What each field tells a family once it is known, to follow "not stated: ".
MEANING = {
    "needs": "which needs the service is for",
    "ages": "the ages it is for",
    "phases": "the phases of education it is for",
    "types": "what kind of service it is",
    "audiences": "who it is for",
    "places": "where it is",
    "free": "whether families pay",
    "access.self_referral": "whether families can contact it themselves",
    "access.diagnosis_needed": "whether a diagnosis is needed",
    "access.how": "how to get the service",
    "contact": "how to get in touch",
    "reviewed": "when the listing was last checked with the provider",
}


def check_unknowns(project: Project, files: ContentFiles) -> CheckResult:
    services = project.offer.services if project.offer is not None else ()
    findings = tuple(_finding(s, field, files) for s in services for field in s.not_stated)
    count = len(findings)
    if not count:
        summary = "no service has a field that is not stated."
    else:
        listings = len({f.file for f in findings})
        summary = (f"{count} field{'s' if count != 1 else ''} not stated in {listings} "
                   f"service{'s' if listings != 1 else ''} (a warning: confirm each with the "
                   "provider and write the real value).")
    return CheckResult("unknowns", "Unknowns", ("Service", "Field", "What families cannot "
                                                "tell"), findings, summary, failed=False)


def _finding(service: o.Service, field: str, files: ContentFiles) -> Finding:
    doc = files.yaml.get(service.source)
    line = doc.line(tuple(field.split("."))) if doc else 0
    return Finding(service.source, line,
                   f"not stated: '{field}' ({MEANING[field]}); confirm it with the provider",
                   (service.name, field, MEANING[field]))
