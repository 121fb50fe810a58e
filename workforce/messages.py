"""Sentences for analysts as locale keys, so they are shown in the reader's language.

A Message is a key in the `problems` area of the locale files (workforce/locales/<lang>/problems.toml)
and its values; str() gives the English text, `text(t)` any language. Errors raised for bad input or
refused actions (InputError) carry one.
"""
from __future__ import annotations

from dataclasses import dataclass

from workforce.i18n import Translator

ENGLISH = Translator("en")


@dataclass(frozen=True)
class Message:
    """A sentence as a locale key (`problems.<key>`) and its values; whole numbers are shown in the language's
    digits (1,000 / 1.000)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, t: Translator) -> str:
        shown = {name: t.count(value) if isinstance(value, int) and not isinstance(value, bool) else value
                 for name, value in self.params}
        return t(f"problems.{self.key}", **shown)

    def __str__(self) -> str:
        return self.text(ENGLISH)


def say(key: str, **params: object) -> Message:
    return Message(key, tuple(params.items()))


class InputError(ValueError):
    """Bad input or a refused action, with the Message that says why (a reader turns it into a Problem)."""

    def __init__(self, key: str, **params: object):
        self.message = say(key, **params)
        super().__init__(str(self.message))
