"""Static files as `make run` serves them: WhiteNoise's hashed, compressed
copies, without breaking the inline SVG images some CSS carries."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Django rewrites every ``url(...)`` in CSS to the hashed file it names.
    Inside an inline SVG (``url("data:image/svg+xml,…")``) Leaflet-Geoman's
    icons refer to their own masks as ``url(%23id)``; rewritten, the icons
    of the polygon and rectangle tools came out blank. Such fragment
    references are left as they are."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            if matchobj["url"].startswith("%23"):
                return matchobj["matched"]
            return convert(matchobj)

        return converter
