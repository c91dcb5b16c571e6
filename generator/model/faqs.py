"""faqs.yaml: the questions buyers ask, including the objections sales hears."""

from __future__ import annotations

from pydantic import Field, model_validator

from generator.model.base import Id, Model, Stage, Text, internal, markdown


class Topic(Model):
    id: Id
    label: Text


class Faq(Model):
    id: Id
    question: Text
    answer: Text = markdown("The answer, as shown on the site.")
    topic: Id = Field(description="Id of a topic in this file.")
    stage: Stage = Field(description="Funnel stage: cold, warm or qualified.")
    objection: bool = Field(False, description="true when sales hears this as an objection.")
    offers: list[Id] = Field(default=[], description="Offers whose pages show this question.")
    talk_track: Text | None = internal("How reps handle the objection live.", default=None)
    heard_as: list[Text] = internal(
        "How buyers actually say it, e.g. 'too expensive', 'we cost more than SlotSimple': the portal's search finds them.",
        default=[],
    )

    @model_validator(mode="after")
    def _objection_has_talk_track(self) -> Faq:
        if self.objection and not self.talk_track:
            raise ValueError("expected a talk_track for an objection, got nothing")
        return self


class Faqs(Model):
    topics: list[Topic] = Field(min_length=1, description="Topics in the order the site shows them.")
    faqs: list[Faq] = Field(min_length=1)
