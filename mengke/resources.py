"""Files the service ships: the matcher's dictionaries (read from matcher/data, plus the
operator's extra files, to build the engine: the only file I/O the matcher ever needs) and the
demo sample."""

from __future__ import annotations

from pathlib import Path

from matcher.config import MatchConfig
from matcher.engine import Matcher, build_matcher
from matcher.lexicon import (
    MatcherResources,
    parse_affinity,
    parse_aliases,
    parse_cues,
    parse_synonyms,
    parse_traditional,
    parse_userdict,
    parse_words,
)
from mengke.settings import MatcherSettings

DATA_DIR = Path(__file__).resolve().parent.parent / "matcher" / "data"
# Inside the package, so an installed copy (the container image) can run `mengke demo` too.
SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_resources(
    extra_synonyms: Path | None = None,
    extra_userdict: Path | None = None,
    data_dir: Path = DATA_DIR,
) -> MatcherResources:
    """The shipped dictionaries, with the operator's files read after them (so they win)."""
    synonyms = parse_synonyms(_lines(data_dir / "synonyms.txt"), "synonyms.txt")
    userdict = parse_userdict(_lines(data_dir / "userdict.txt"), "userdict.txt")
    if extra_synonyms is not None:
        synonyms.update(parse_synonyms(_lines(extra_synonyms), str(extra_synonyms)))
    if extra_userdict is not None:
        userdict.extend(parse_userdict(_lines(extra_userdict), str(extra_userdict)))
    return MatcherResources(
        userdict=tuple(userdict),
        synonyms=synonyms,
        stopwords=parse_words(_lines(data_dir / "stopwords.txt")),
        generic=parse_words(_lines(data_dir / "generic.txt")),
        traditional=parse_traditional(_lines(data_dir / "traditional.txt"), "traditional.txt"),
        industry_aliases=parse_aliases(_lines(data_dir / "industries.txt"), "industries.txt"),
        industry_affinity=parse_affinity(_lines(data_dir / "affinity.txt"), "affinity.txt"),
        region_aliases=parse_aliases(_lines(data_dir / "regions.txt"), "regions.txt"),
        cues=parse_cues(_lines(data_dir / "cues.txt"), "cues.txt"),
    )


def build_default_matcher(
    settings: MatcherSettings | None = None, config: MatchConfig | None = None
) -> Matcher:
    """The engine as the services run it: shipped dictionaries plus the configured extras."""
    settings = settings or MatcherSettings()
    resources = load_resources(settings.extra_synonyms, settings.extra_userdict)
    return build_matcher(resources, config)
