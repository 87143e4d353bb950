"""The model of `needs/next-steps.yml`: questions with answers, and steps with conditions."""

from __future__ import annotations

from dataclasses import dataclass

from ordinarily.guide.model import Review


@dataclass(frozen=True)
class Answer:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: tuple[Answer, ...]
    hint: str = ""

    def answer(self, answer_id: str) -> Answer:
        return next(a for a in self.answers if a.id == answer_id)


@dataclass(frozen=True)
class Link:
    kind: str  # "service", "page" or "step"
    target: str  # a service id, a page address (with an optional #anchor), or a step id
    text: str = ""  # the council's words for the link; "" for the target's own title
    off: bool = False  # into a section that is switched off: kept in the model, not shown


# A step's condition: (question id, the answers any of which will do), all of them must hold.
Condition = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str
    when: Condition = ()
    links: tuple[Link, ...] = ()
    formerly: tuple[str, ...] = ()

    def applies(self, answers: dict[str, str]) -> bool:
        """Whether the step applies to these answers (question id -> answer id). A question
        left unanswered counts as met, so skipping a question never hides a step."""
        return all(question not in answers or answers[question] in allowed
                   for question, allowed in self.when)


@dataclass(frozen=True)
class NextSteps:
    title: str
    intro: str
    review: Review | None
    questions: tuple[Question, ...]
    steps: tuple[Step, ...]
    source: str = "needs/next-steps.yml"

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)
