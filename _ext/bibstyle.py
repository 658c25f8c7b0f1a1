"""The bibliography style of the book: pybtex's ``plain`` with "et al.".

BibTeX's ``and others`` marks an author list that the source itself cuts
short: the original monograph names only its lead author, Lin Chengliang, "et
al.". pybtex's ``plain`` style prints it as "林承亮 and others"; this style
prints "林承亮 et al." and is otherwise ``plain``. Registered with pybtex as
``book`` when Sphinx loads this extension (``_config.yml``).
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


@node
def names_et_al(children, context, role, **kwargs):
    """Formatted names of ``role``; a trailing ``others`` becomes "et al."."""
    if children:
        raise ValueError(children)
    try:
        persons = list(context["entry"].persons[role])
    except KeyError:
        raise FieldIsMissing(role, context["entry"]) from None
    truncated = len(persons) > 1 and _is_others(persons[-1])
    if truncated:
        persons = persons[:-1]
    style = context["style"]
    formatted = [style.format_name(person, style.abbreviate_names) for person in persons]
    text = join(**kwargs)[formatted].format_data(context)
    return Text(text, " et al.") if truncated else text


class BookStyle(PlainStyle):
    """``plain``, with "et al." for author lists ending in ``and others``."""

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


register_plugin("pybtex.style.formatting", "book", BookStyle)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
