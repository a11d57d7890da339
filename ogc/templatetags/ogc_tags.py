from django import template

register = template.Library()


@register.filter
def cell(value):
    """A property value as table text: lists joined, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value
