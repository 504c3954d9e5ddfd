"""The one error type the CLI turns into a clean message and a non-zero exit."""
from __future__ import annotations

from briefs.model import Failure, Wording


class BriefError(Exception):
    """A problem the user can act on; the message names the file and what was wrong. An error reading an
    input also says it as the brief will (`wording`, without the file: the brief shows that beside it)."""

    exit_code = 1

    def __init__(self, message: str, *, wording: Wording | None = None) -> None:
        super().__init__(message)
        self.wording = wording


class UsageError(BriefError):
    """Flags or arguments that cannot work together."""

    exit_code = 2


# An article whose every line was page furniture (placeholders, tags, teasers): as good as empty.
NO_TEXT_LEFT = "no article text left after removing boilerplate (image placeholders, tags, related-news teasers)"
NO_TEXT_LEFT_WORDING = Wording("去掉图片占位符、标签、相关新闻导读等版面杂项后，已没有正文")
# A page whose text is all navigation, comments, notices or widgets: nothing a reader would call an article.
NO_ARTICLE_TEXT = "no article text: the page holds only navigation, comments, notices or widgets"
NO_ARTICLE_TEXT_WORDING = Wording("没有正文：页面只有导航、评论、公告或小部件")


def no_text_left(origin: str) -> Failure:
    """An article of `origin` whose every line was page furniture."""
    return Failure(origin, NO_TEXT_LEFT, NO_TEXT_LEFT_WORDING)


def engine_failure(origin: str, error: Exception) -> Failure:
    """An article the engine raised on: reported and skipped, the rest of the batch goes on."""
    detail = f"{type(error).__name__}: {error}"
    return Failure(origin, f"could not summarize: {detail}", Wording.of("摘要时出错（{detail}）", detail=detail))
