"""The interview: which question to ask next, and asking them one at a time.

:func:`next_questions` ranks the traits whose answers can change a diagnosis;
:mod:`.session` runs the interactive interview over a project file.
"""

from .questions import Choice, Question, next_questions

__all__ = ["Choice", "Question", "next_questions"]
