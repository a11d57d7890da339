"""Parsing uploaded XML (GPX, KML) with defusedxml: entity declarations,
external references and so entity bombs and XXE are refused before any parser
expands them."""

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from .errors import FileError, UnsafeFile


def local_name(tag):
    return tag.rsplit("}", 1)[-1]


def elements(path, name):
    """(event, element, stack of local tag names) for each start and end of
    ``path``'s elements. Callers clear what they have read."""
    stack = []
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            tag = local_name(element.tag)
            if event == "start":
                stack.append(tag)
                yield event, element, stack
            else:
                yield event, element, stack
                stack.pop()
    except DefusedXmlException as exc:
        raise UnsafeFile(
            name,
            _("XML entity declarations and external references are refused (%(error)s)")
            % {"error": exc},
        ) from exc
    except ParseError as exc:
        raise FileError(
            name, _("is not well-formed XML (%(error)s)") % {"error": exc}
        ) from exc


def child_text(element, name):
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return None
