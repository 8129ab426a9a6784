"""Does an enterprise's line of work touch what a policy is about? Evidence, not a score.

The default works on characters alone (no dictionary), which suits the short compound terms
enterprises list as interests: "奶牛繁育" touches "规模奶牛养殖…良种繁育" through two of its
bigrams; a lone shared bigram ("疫病" of "晚疫病") is not enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

# Bigrams every policy and every enterprise share; they prove nothing.
_STOP_BIGRAMS = frozenset(
    "技术 企业 产业 项目 研发 发展 建设 应用 研究 开发 创新 支持 相关 服务 管理 提升 "  # noqa: SIM905
    "实施 开展 从事 单位 生产 经营 有限 公司 科技 工程 系统 示范 综合 重点 领域".split()
)
_LATIN = re.compile(r"[a-z0-9]+(?:[.+-][a-z0-9]+)*")
_SPACE = re.compile(r"\s+")


class TermMatcher(Protocol):
    def evidence(self, terms: Sequence[str], text: str) -> tuple[str, ...]:
        """The terms (as given) that `text` is about; empty when none."""
        ...


# The same policy texts and interests come back for every pair evaluated.
@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=16384)
def _grams(term: str) -> frozenset[str]:
    """Content bigrams of the Chinese part, and each Latin token (PVC, SCR) whole."""
    cjk = _LATIN.sub(" ", term)
    grams = {cjk[i : i + 2] for i in range(len(cjk) - 1) if " " not in cjk[i : i + 2]}
    return frozenset((grams - _STOP_BIGRAMS) | set(_LATIN.findall(term)))


class CharTermMatcher:
    """A term matches when the text contains it, or at least two of its content grams and
    half of them."""

    def evidence(self, terms: Sequence[str], text: str) -> tuple[str, ...]:
        haystack = normalize(text)
        return tuple(term for term in terms if self._touches(normalize(term), haystack))

    @staticmethod
    def _touches(term: str, haystack: str) -> bool:
        if len(term) < 2:
            return False
        if term in haystack:
            return True
        grams = _grams(term)
        hits = sum(gram in haystack for gram in grams)
        return hits >= 2 and hits * 2 >= len(grams)
