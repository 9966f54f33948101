"""Free-text FAQ: French question → intent + entities → answer from the rule modules.

``answer(text)`` always replies (the fallback lists what the bot knows); ``match(text)``
replies only to what reads as a question, so an interview can tell answers from questions.
"""

from bot.rules.faq.matcher import FaqAnswer, answer, match

__all__ = ["FaqAnswer", "answer", "match"]
