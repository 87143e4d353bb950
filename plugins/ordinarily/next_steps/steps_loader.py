"""Read `needs/next-steps.yml` into the model, checking every id it names, with file and line.

The file's questions and answers are checked against each other (a step's `when` may only name
them), and its links against the Local Offer's services, the site's pages and its own steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ordinarily.core.problems import ContentError, Problem, unknown_id
from ordinarily.core.yamlfile import YamlFile
from ordinarily.guide.loader import Collector
from ordinarily.next_steps import steps_model as s

NEXT_STEPS_FILE = "needs/next-steps.yml"
NEXT_STEPS_KIND = "next-steps"
DEFAULT_TITLE = "What can I do next?"


def next_steps_file(root: Path) -> Path:
    return Path(root) / NEXT_STEPS_FILE


def load_next_steps(root: Path, service_ids: Iterable[str] | None, pages: Iterable[str],
                    pages_off: Iterable[str] = ()) -> s.NextSteps:
    """The next steps, or ContentError listing every problem.

    `service_ids` are the Local Offer's services (None when it is switched off: links to
    services are then left out of the page); `pages` are the site's page addresses
    (`local-offer/mediation-and-tribunal-appeals/`), which page links must name, and
    `pages_off` those of sections switched off (links to them are left out, as they are from
    hand-written pages)."""
    c = Collector(Path(root))
    path = next_steps_file(root)
    if not path.exists():
        raise ContentError([Problem(NEXT_STEPS_FILE, 0, "the file is missing: 'What can I do "
                                    "next?' is switched on in ordinarily.yml (sections: "
                                    "next_steps: true); add the file (ordinarily new-area "
                                    "writes a starting one), or write next_steps: false")])
    doc = c.read(path, NEXT_STEPS_KIND)
    if doc is None:
        raise ContentError(c.problems)
    questions = _questions(c, doc)
    steps = _steps(c, doc, questions, service_ids, (set(pages), set(pages_off)))
    if c.problems:
        raise ContentError(c.problems)
    d = doc.data
    return s.NextSteps(title=d.get("title", DEFAULT_TITLE), intro=d["intro"],
                       review=c.review(doc), questions=questions, steps=steps,
                       source=NEXT_STEPS_FILE)


def _questions(c: Collector, doc: YamlFile) -> tuple[s.Question, ...]:
    items = doc.data["questions"]
    c.check_ids(doc, ((("questions", i), q["id"]) for i, q in enumerate(items)), "question")
    out = []
    for i, q in enumerate(items):
        c.check_ids(doc, ((("questions", i, "answers", j), a["id"])
                          for j, a in enumerate(q["answers"])), "answer")
        out.append(s.Question(id=q["id"], question=q["question"], hint=q.get("hint", ""),
                              answers=tuple(s.Answer(a["id"], a["label"])
                                            for a in q["answers"])))
    return tuple(out)


def _steps(c: Collector, doc: YamlFile, questions: tuple[s.Question, ...],
           service_ids: Iterable[str] | None,
           pages: tuple[set[str], set[str]]) -> tuple[s.Step, ...]:
    items = doc.data["steps"]
    ids = c.check_ids(doc, ((("steps", i), st["id"]) for i, st in enumerate(items)), "step")
    _check_formerly(c, doc, items, ids)
    services = None if service_ids is None else list(service_ids)
    out = []
    for i, st in enumerate(items):
        where = ("steps", i)
        when = _when(c, doc, (*where, "when"), st.get("when") or {}, questions)
        links = tuple(_link(c, doc, (*where, "links", j), item, services, pages, ids)
                      for j, item in enumerate(st.get("links", [])))
        out.append(s.Step(id=st["id"], title=st["title"], body=st["body"], when=when,
                          links=links, formerly=tuple(st.get("formerly", []))))
    return tuple(out)


def _check_formerly(c: Collector, doc: YamlFile, items: list[dict], ids: set[str]) -> None:
    seen: set[str] = set()
    for i, st in enumerate(items):
        for j, old in enumerate(st.get("formerly", [])):
            where = ("steps", i, "formerly", j)
            if old in ids or old in seen:
                c.add(doc, where, f"'{old}' is already a step id here; 'formerly' lists only "
                                  "ids no step has any more")
            seen.add(old)


def _when(c: Collector, doc: YamlFile, where: tuple, when: dict,
          questions: tuple[s.Question, ...]) -> s.Condition:
    by_id = {q.id: q for q in questions}
    out = []
    for question_id, value in when.items():
        allowed = (value,) if isinstance(value, str) else tuple(value)
        question = by_id.get(question_id)
        if question is None:
            c.add(doc, (*where, question_id), unknown_id("question", question_id, list(by_id))
                  + "; 'when' names questions from 'questions' above")
            continue
        known = [a.id for a in question.answers]
        for k, answer in enumerate(allowed):
            if answer not in known:
                at = (*where, question_id) if isinstance(value, str) else (*where, question_id, k)
                c.add(doc, at, unknown_id(f"answer to the question '{question_id}'", answer,
                                          known))
        out.append((question_id, allowed))
    return tuple(out)


def page_address(target: str) -> str:
    """A page link's address without its anchor, ending in '/'."""
    path = target.split("#", 1)[0]
    return path if path.endswith("/") else path + "/"


def _link(c: Collector, doc: YamlFile, where: tuple, item: dict, services: list[str] | None,
          pages: tuple[set[str], set[str]], step_ids: set[str]) -> s.Link:
    text = item.get("text", "")
    if "service" in item:
        if services is None:  # the Local Offer is switched off: its services are not shown
            return s.Link("service", item["service"], text, off=True)
        if item["service"] not in services:
            c.add(doc, (*where, "service"), unknown_id("service", item["service"], set(services))
                  + "; services are the files in local-offer/services/, by name")
        return s.Link("service", item["service"], text)
    if "step" in item:
        if item["step"] not in step_ids:
            c.add(doc, (*where, "step"), unknown_id("step", item["step"], sorted(step_ids)))
        return s.Link("step", item["step"], text)
    target, (pages_on, pages_off) = item["page"], pages
    if not text:
        c.add(doc, where, "a link to a page needs its words: add text: (for example "
                          "text: Information, advice and support)")
    if page_address(target) in pages_off:  # a page of a section that is switched off
        return s.Link("page", target, text, off=True)
    if page_address(target) not in pages_on:
        c.add(doc, (*where, "page"), unknown_id("page", page_address(target), pages_on)
              + "; write a page's address on this site without the leading slash, for "
                "example local-offer/information-advice-and-support/")
    return s.Link("page", target, text)
