"""The one error type the CLI turns into a clean message and a non-zero exit."""
from __future__ import annotations


class BriefError(Exception):
    """A problem the user can act on; the message names the file and what was wrong."""

    exit_code = 1


class UsageError(BriefError):
    """Flags or arguments that cannot work together."""

    exit_code = 2


# An article whose every line was page furniture (placeholders, tags, teasers): as good as empty.
NO_TEXT_LEFT = "no article text left after removing boilerplate (image placeholders, tags, related-news teasers)"
# A page whose text is all navigation, comments, notices or widgets: nothing a reader would call an article.
NO_ARTICLE_TEXT = "no article text: the page holds only navigation, comments, notices or widgets"
