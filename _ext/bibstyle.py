"""The bibliography style of the book: pybtex's ``plain`` with four changes.

* BibTeX's ``and others`` marks an author list that the source itself cuts
  short: the original monograph names only its lead author, Lin Chengliang, "et
  al.". pybtex's ``plain`` style prints it as "林承亮 and others"; this style
  prints "林承亮 et al.", and so do in-text citations (``setup`` patches
  sphinxcontrib-bibtex's name template, see :func:`_patch_citation_names`).
* ``titleaddon`` holds an English gloss of a title in another language (the
  Chinese works). It is printed in square brackets after the title, so the
  reader of the English text knows what the work is about.
* an article prints its volume when its pages are missing, and its issue and
  pages when it has no volume (Chinese journals); ``plain`` drops both.
* ``unverified`` names fields that could not be checked against a published
  record (``references.bib`` leaves them out; the tests check that). The style
  never prints a field so named, even if one slips into the file, and it ends
  the entry with "Not verified: <fields>." so the gap is visible rather than
  silent.

Otherwise the style is ``plain``. Registered with pybtex as ``book`` when
Sphinx loads this extension (``_config.yml``).
"""

from __future__ import annotations

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date as _date
from pybtex.style.formatting.unsrt import pages as _pages
from pybtex.style.template import (
    FieldIsMissing,
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)

#: The field holding an English gloss of a title in another language.
GLOSS_FIELD = "titleaddon"


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


def unverified_fields(entry) -> list[str]:
    """Field names listed in an entry's ``unverified`` field, lower-cased, in order."""
    raw = entry.fields.get("unverified", "")
    return [f.strip().lower() for f in raw.split(",") if f.strip()]


def without_unverified(entry) -> Entry:
    """A copy of ``entry`` without the fields its ``unverified`` field names."""
    drop = set(unverified_fields(entry)) | {"unverified"}
    fields = {k: v for k, v in entry.fields.items() if k.lower() not in drop}
    persons = {role: people for role, people in entry.persons.items() if role.lower() not in drop}
    copy = Entry(entry.type, fields=fields, persons=persons)
    copy.key = entry.key
    return copy


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
    """``plain``, with "et al.", bracketed English glosses and no unverified fields."""

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted

    @staticmethod
    def _with_gloss(title, which_field):
        if which_field != "title":
            return title
        gloss = optional[join["[", field(GLOSS_FIELD), "]"]]
        return join(sep=" ")[title, gloss]

    def format_title(self, e, which_field, as_sentence=True):
        formatted = self._with_gloss(super().format_title(e, which_field, as_sentence=False), which_field)
        return sentence[formatted] if as_sentence else formatted

    def format_btitle(self, e, which_field, as_sentence=True):
        formatted = self._with_gloss(tag("em")[field(which_field)], which_field)
        return sentence[formatted] if as_sentence else formatted

    def get_article_template(self, e):
        # plain's article template, except that a volume is printed without
        # pages (pages unverified) and an issue with pages without a volume (a
        # Chinese journal numbers its issues within the year): plain drops the
        # volume when the pages are missing.
        number = optional["(", field("number"), ")"]
        volume_and_pages = first_of[
            optional[join[field("volume"), number, ":", _pages]],
            optional[join[field("volume"), number]],
            optional[join["(", field("number"), ")", ":", _pages]],
            words["pages", _pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages], _date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_book_template(self, e):
        # plain's book template, with the publisher optional: a book whose
        # publisher could not be verified leaves it out (see ``unverified``).
        return toplevel[
            self.format_author_or_editor(e),
            self.format_btitle(e, "title"),
            self.format_volume_and_series(e),
            sentence[
                optional_field("publisher"),
                optional_field("address"),
                self.format_edition(e),
                _date,
            ],
            optional[sentence[self.format_isbn(e)]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_entry(self, label, entry, bib_data=None):
        listed = unverified_fields(entry)
        formatted = super().format_entry(label, without_unverified(entry) if listed else entry, bib_data)
        if not listed:
            return formatted
        note = Text(" Not verified: ", ", ".join(listed), ".")
        return FormattedEntry(entry.key, Text(formatted.text, note), formatted.label)


register_plugin("pybtex.style.formatting", "book", BookStyle)


def _patch_citation_names() -> None:
    """Make in-text citations print "et al." for ``and others`` too.

    sphinxcontrib-bibtex formats the names in a citation ("Kamien et al.
    [1992]") with its own ``names`` template node, which would print
    "林承亮 and others [2013]". The node is patched in place: a list that ends
    in ``others`` is printed as the names before it followed by "et al.";
    every other list is formatted exactly as before.
    """
    try:
        from sphinxcontrib.bibtex.style import template
    except ImportError:  # pragma: no cover - only the bibliography style is needed
        return
    original = template.names.f
    if getattr(original, "_book_et_al", False):
        return

    def names(children, data, role, **kwargs):
        persons = list(data["entry"].persons.get(role, []))
        if len(persons) > 1 and _is_others(persons[-1]):
            style = data["style"]
            formatted = [
                style.person.style_plugin.format(person, style.person.abbreviate)
                for person in persons[:-1]
            ]
            kwargs.pop("other", None)
            return Text(template.join(**kwargs)[formatted].format_data(data), " et al.")
        return original(children, data, role, **kwargs)

    names._book_et_al = True
    template.names.f = names


def setup(app):
    _patch_citation_names()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
