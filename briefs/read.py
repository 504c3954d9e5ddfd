"""`briefs.read` is `briefs.reading.read` since `briefs/` was grouped by stage; kept so tools written
against the old path (../shared/realpages/measure.py's HTML-stage comparison) still import it."""
from briefs.reading.read import decode, read_document, read_path  # noqa: F401
