# The survey import fixtures, shared with the other test packages.
from tests.survey_fixtures import survey_area  # noqa: F401
