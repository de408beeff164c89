"""The language rules: hype-language, duration-overreach for permanence, animal-to-human,
causal-overreach and source-type-misdescribed for hype about a review.

A strength claim is raised only when its context lets it stand (`claimcheck.strength.overstatement`:
not negated, asked, conditional, a name, literal, natural course, established, rebutted). Severity
follows whose voice it is and what the linked study can carry: a phrase in the article's own voice is
a warning, one a quoted source says is info; a superlative is info unless the study behind it is weak
(an animal study, a narrative review, a press release, one small trial). Every issue says why in its
message and sets `fix`.
"""

from __future__ import annotations

from typing import Any

from claimcheck.grade.context import Context, label
from claimcheck.grade.lexicon import fix, lexicon, messages
from claimcheck.grade.numeric import overreach
from claimcheck.model import Claim, Match
from claimcheck.strength import overstatement as ov
from claimcheck.textfold import fold

#: Source types whose evidence cannot carry a strong claim about people, and the basis key for each.
_WEAK_TYPES = {"animal": "animal", "in_vitro": "animal", "narrative_review": "review", "editorial": "review",
               "press_release": "press", "case_series": "observational", "case_report": "observational",
               "cohort": "observational", "case_control": "observational", "cross_sectional": "observational"}
#: A trial with fewer participants than this is "one small trial".
_SMALL_TRIAL = 300
#: How many sentences from the start of the article count as its headline and lead.
_LEAD_SENTENCES = 3
#: An animal cue in this many first sentences tells what the article's study was done in.
_ANIMAL_LEAD_SENTENCES = 6


def _design_words(lang: str) -> dict[str, list[str]]:
    table = lexicon()["described_as"]
    out: dict[str, list[str]] = {}
    for code in (lang, "en" if lang == "nl" else "nl"):
        for word, designs in table.get(code, {}).items():
            out.setdefault(fold(word), list(designs))
    return out


def _source_for(ctx: Context, claim: Claim) -> Any:
    start, end = ctx.sentence_of(claim)
    links = ctx.links
    near = links.for_span(start, end) if hasattr(links, "for_span") else links.near(start, end)
    near = [s for s in near if s in links.discussed()]
    chosen = near[0] if near else links.primary()
    return ctx.source(chosen)


def _trial_size(source: Any) -> int | None:
    sizes = [a.n for a in getattr(source, "arms", []) or [] if getattr(a, "n", None)]
    return sum(sizes) if sizes else None


def carry(source: Any) -> tuple[str, bool, dict[str, object]]:
    """What a source can carry: (basis key, weak?, fields). Weak: animal or lab, narrative review,
    press release, observational design, or one trial of fewer than 300 people."""
    if source is None:
        return "none", False, {}
    fields: dict[str, object] = {"src": label(source)}
    key = _WEAK_TYPES.get(source.type)
    if key:
        return key, True, fields
    if source.type == "rct":
        n = _trial_size(source)
        if n is not None and n < _SMALL_TRIAL:
            fields["n"] = n
            return "small", True, fields
        return "trial", False, fields
    return "strong", False, fields


#: Results of carry_article per document (keyed by the result object's id; the result is kept so the
#: id cannot be reused while cached).
_ARTICLE_EVIDENCE: dict[int, tuple[Any, tuple[str, bool | None, dict[str, object]]]] = {}


def carry_article(ctx: Context) -> tuple[str, bool | None, dict[str, object]]:
    """What the article itself says the study can carry, when the register does not know it:
    (basis key, weak? — None when the article does not say, fields). Weak: words such as "pilot
    study", "phase 1", "in mice", "associated with", or fewer than 300 participants; strong:
    "meta-analysis", "phase 3", or
    1,000 participants or more."""
    key = id(ctx.result)
    cached = _ARTICLE_EVIDENCE.get(key)
    if cached is not None and cached[0] is ctx.result:
        return cached[1]
    text = ctx.result.document.text[: ctx.limit]
    words = ov._WORD.findall(text.lower())
    sizes = [c.value for c in ctx.result.claims if c.kind == "sample_size" and c.value and c.start < ctx.limit]
    answer: tuple[str, bool | None, dict[str, object]]
    observational = sum(ov._has(words, (p,)) for p in ov._phrases("evidence", "observational"))
    if observational >= 2 and not ov._has(words, ov._phrases("evidence", "trial")):
        answer = ("observational-article", True, {})
    elif ov._has(words, ov._phrases("evidence", "weak")):
        answer = ("weak-article", True, {})
    elif sizes and sizes[0] < _SMALL_TRIAL:
        answer = ("small-article", True, {"n": int(sizes[0])})
    elif ov._has(words, ov._phrases("evidence", "strong")) or (sizes and sizes[0] >= 1000):
        answer = ("none", False, {})
    else:
        answer = ("none", None, {})
    if len(_ARTICLE_EVIDENCE) > 256:
        _ARTICLE_EVIDENCE.clear()
    _ARTICLE_EVIDENCE[key] = (ctx.result, answer)
    return answer


def _evidence(ctx: Context, source: Any) -> tuple[str, bool | None, dict[str, object]]:
    """The linked source's evidence when the register has it, else what the article says."""
    if source is not None:
        return carry(source)
    return carry_article(ctx)


def _table(name: str, lang: str) -> dict[str, str]:
    table = messages().get(name, {})
    return table.get(lang) or table.get("en") or {}


def _entry_for(claim: Claim) -> ov.Entry | None:
    """The cue family a strength claim came from: the one whose pattern covers its text."""
    details = claim.details or {}
    text = claim.text.lower()
    category = details.get("category")
    kind = details.get("type", "hype")
    fallback = None
    for entry in ov.entries():
        if entry.type != kind or (category and entry.category != category):
            continue
        if entry.regex.fullmatch(text) or entry.regex.search(text):
            return entry
        fallback = fallback or entry
    return fallback


def _issue(ctx: Context, claim: Claim, rule: str, severity: str, text_key: str, fix_key: str | None,
           source: Any, **fields: object) -> None:
    """Add an issue; a warning makes the claim overstated, info leaves its verdict alone."""
    ctx.issue(claim, rule, "overstated" if severity != "info" else "unverified", text_key=text_key,
              severity=severity, source=source, **fields)
    if source is not None:
        fields.setdefault("src", label(source))
    claim.issues[-1].fix = (fix(fix_key, ctx.lang, **fields) if fix_key else None) or fix(rule, ctx.lang, **fields)


def grade_strength(ctx: Context, claim: Claim) -> None:
    """Grade a strength claim: raise it when its context lets it stand, with a severity that follows
    its voice and the linked study's evidence."""
    details = claim.details or {}
    kind = details.get("type", "hype")
    source = _source_for(ctx, claim)
    if source is not None:
        claim.match = Match(source=source.id, finding=None, score=0.6)
    text = ctx.result.document.text
    entry = _entry_for(claim)
    if details.get("category") == "generalisation" or (
            details.get("category") in ("effect", "superlative") and _in_headline(ctx, claim)):
        if entry is None or ov.judge(text, claim.start, claim.end, entry, bounds=ctx.sentence_of(claim)) is None:
            _generalisation(ctx, claim, source)
        return
    if kind == "permanence" and (any(ch.isdigit() for ch in claim.text) or _span_of_time(claim)):
        _lasting(ctx, claim)
        return
    if entry is None:
        return
    bounds = ctx.sentence_of(claim)
    blocked = ov.judge(text, claim.start, claim.end, entry, bounds=bounds)
    if blocked is not None:
        details.setdefault("context", blocked)
        if blocked == "conditional" and kind != "animal" and _in_headline(ctx, claim):
            _animal_lead(ctx, claim, "warning")  # "Spice Could Reverse Alzheimer's", from a mouse study
        return
    if kind == "animal":
        _animal(ctx, claim, source)
        return
    if entry.raise_ == "never":
        return
    # Spin is the article's framing of a result, whoever is quoted in the sentence.
    voice = ov.voice(text, claim.start, bounds, verbs=entry.category != "spin")
    basis_key, _, fields = _evidence(ctx, source)
    category = entry.category
    # A superlative or a first-of-its-kind is noted for the reader to weigh; a quoted source's words too.
    severity = "warning" if entry.raise_ != "info" and voice == "own" else "info"
    if kind == "permanence" and severity == "warning" and overreach(ctx, claim, None):
        return  # the numeric grader said what the follow-up shows (duration-overreach)
    voice_text = _table("strength-voice", ctx.lang).get(voice, "")
    reason = _table("strength-reasons", ctx.lang).get(category) or entry.reason
    stated = claim.text.strip()
    text_key = "hype-language-spin" if category == "spin" else "hype-language"
    _issue(ctx, claim, "hype-language", severity, text_key, f"hype-language-{category}", source,
           stated=stated, reason=reason, basis=_basis_text(ctx, basis_key, fields), voice=voice_text)
    if source is not None and severity == "warning":
        _misdescribed(ctx, claim, source, stated)
    _animal_lead(ctx, claim, severity)


def _basis_text(ctx: Context, key: str, fields: dict[str, object]) -> str:
    """The evidence a claim is weighed against, in the article's language ("one trial of 151 people")."""
    table = _table("strength-basis", ctx.lang)
    try:
        return table.get(key, "").format(**fields).rstrip(",")
    except (KeyError, IndexError):
        return table.get("none", "")


def _in_headline(ctx: Context, claim: Claim) -> bool:
    span = ov.headline(ctx.result.document.text)
    return span is not None and span[0] <= claim.start < span[1]


def _generalisation(ctx: Context, claim: Claim, source: Any) -> None:
    """A headline that states one study's effect as a general fact, unless it limits itself, gives the
    effect's size, asks or denies. A hedged one ("could destroy") is raised only when the study
    behind it was in animals."""
    start, end = ctx.sentence_of(claim)
    text = ctx.result.document.text
    line = text[start:end]
    level = (claim.details or {}).get("level")
    if level is None:
        # An effect phrase of the lexicon ("works for", "helpful for") claims an effect; hedged, a conditional one.
        level = 2 if ov._has(ov._WORD.findall(line.lower()), ov._phrases("generalisation", "hedges")) else 3
    if level == 2:
        _animal_lead(ctx, claim, "warning")
        # A hedged benefit ("may be good for") from an observational study still claims an effect.
        cue_words = tuple(ov._WORD.findall(claim.text.lower()))
        if not claim.issues and _evidence(ctx, source)[0] == "observational-article" \
                and not ov._prefix_has(list(cue_words), ov._phrases("generalisation", "not_effect")):
            _observational_headline(ctx, claim, level)
        return
    words = ov._WORD.findall(line.lower())
    cue_words = ov._WORD.findall(claim.text.lower())
    if ov._has(cue_words, ov._phrases("negated", "before")) or ov._has(cue_words, ov._phrases("negated", "after")):
        (claim.details or {}).setdefault("context", "null-result")
        return  # "geen meerwaarde", "does not work": a null result, not a generalised benefit
    asked_or_sized = line.rstrip().endswith("?") or any(ch.isdigit() for ch in line)
    if asked_or_sized or ov.negated(text, claim.start, claim.end, (start, end)) \
            or ov._has(words, ov._phrases("generalisation", "limiting")) \
            or ov.voice(text, claim.start, (start, end)) == "quoted":
        (claim.details or {}).setdefault("context", "limited")
        return
    basis_key, weak, fields = _evidence(ctx, source)
    if weak is False:
        (claim.details or {}).setdefault("context", "strong-evidence")
        return
    basis = _basis_text(ctx, basis_key, fields)
    if basis_key == "observational-article":
        _observational_headline(ctx, claim, level)
        return
    severity = "warning" if weak else "info"
    _issue(ctx, claim, "hype-language", severity, "hype-language-generalisation", "hype-language-generalisation",
           source, stated=line.strip(), basis=basis)
    _animal_lead(ctx, claim, severity)


def _observational_headline(ctx: Context, claim: Claim, level: int) -> None:
    """causal-overreach: a headline claims an effect (strength 2 or 3) from a study the article itself
    describes as observational ("associated with", "people who drank"), which shows at most strength 1."""
    start, end = ctx.sentence_of(claim)
    _issue(ctx, claim, "causal-overreach", "warning", "causal-overreach-article", "causal-overreach", None,
           stated=ctx.result.document.text[start:end].strip(), level=level)


def _span_of_time(claim: Claim) -> bool:
    """A permanence claim built from a free-of-complaints word and a duration ("een jaar lang klachtenvrij")."""
    details = claim.details or {}
    return details.get("type") == "permanence" and details.get("reason", "").startswith("a symptom-free span")


def _lasting(ctx: Context, claim: Claim) -> None:
    """A symptom-free span ("pain-free for a year") is checked against the follow-up of the linked study."""
    weeks = 52.18
    overreach(ctx, claim, weeks)
    for issue in claim.issues:
        if issue.fix is None:
            issue.fix = fix(issue.rule, ctx.lang) or fix("permanence", ctx.lang)


def _animal(ctx: Context, claim: Claim, source: Any) -> None:
    """animal-to-human for a sentence that offers an animal finding as what happens in people."""
    start, end = ctx.sentence_of(claim)
    text = ctx.result.document.text
    words = ov._WORD.findall(text[start:end].lower())
    para_start, para_end = text.rfind("\n\n", 0, start) + 1, text.find("\n\n", end)
    para_end = para_end if para_end >= 0 else len(text)
    paragraph = ov._WORD.findall(text[para_start:para_end].lower())
    following = _next_sentence(ctx, end, para_end)
    offered = ov._has(words + following, ov._phrases("human_offer"))
    if ov.voice(text, claim.start, (start, end), verbs=False) == "quoted" \
            or not (offered or _mechanism(ctx, claim, words)) \
            or ov._has(paragraph, ov._phrases("human_caveat")) or ov._has(words, ov._phrases("hedge_caveat")):
        claim.verdict = "accurate"
        return
    _issue(ctx, claim, "animal-to-human", "warning", "animal-to-human", None, source, stated=claim.text.strip())


def _tells_animals(ctx: Context, claim: Claim) -> bool:
    """Whether the claim's sentence says its finding is in animals or cells (an animal strength cue)."""
    start, end = ctx.sentence_of(claim)
    if any(c.kind == "strength" and (c.details or {}).get("type") == "animal" and start <= c.start < end
           for c in ctx.result.claims):
        return True
    from claimcheck.grade.lexicon import words as lexicon_words
    from claimcheck.textfold import contains_phrase

    sentence = ctx.folded[start:end]
    return any(contains_phrase(sentence, w) for w in lexicon_words("animal_subjects"))


def _next_sentence(ctx: Context, end: int, para_end: int) -> list[str]:
    """The words of the sentence after `end`, when it is in the same paragraph."""
    text = ctx.result.document.text
    if end >= para_end:
        return []
    stop = min((i for i in (text.find(". ", end + 1), text.find("? ", end + 1), text.find("! ", end + 1)) if i >= 0),
               default=para_end)
    return ov._WORD.findall(text[end:min(stop, para_end)].lower())


def _mechanism(ctx: Context, claim: Claim, words: list[str]) -> bool:
    """An animal finding told, in an article that is not about an animal study, as a mechanism of
    effect ("In the rat, needling releases cortisol, leading to anti-inflammatory effects"): offered as
    how the treatment works in people."""
    if claim.start < _lead_end(ctx, _ANIMAL_LEAD_SENTENCES) or not ov._has(words, ov._phrases("mechanism")):
        return False
    lead = _lead_end(ctx, _ANIMAL_LEAD_SENTENCES)
    if any(c.kind == "strength" and (c.details or {}).get("type") == "animal" and c.start < lead
           for c in ctx.result.claims):
        return False  # the article reports an animal study: its findings are told as such
    return ctx.level(claim) >= 3


def _animal_lead(ctx: Context, claim: Claim, severity: str) -> None:
    """A headline or lead claim in the article's own voice, about a study the article reports as an
    animal or laboratory study, offers the animal finding as what happens in people."""
    if severity != "warning" or claim.start >= _lead_end(ctx):
        return
    animal = _animal_finding(ctx)
    if animal is None:
        return
    start, end = ctx.sentence_of(claim)
    words = ov._WORD.findall(ctx.result.document.text[start:end].lower())
    if ov._has(words, ov._phrases("human_caveat")):
        return
    _issue(ctx, claim, "animal-to-human", "warning", "animal-to-human-lead", None, None,
           stated=claim.text.strip(), animal=animal)


def _lead_end(ctx: Context, sentences: int = _LEAD_SENTENCES) -> int:
    """Where the article's headline and lead end: after its first few non-empty sentences or lines."""
    text = ctx.result.document.text
    pos = count = 0
    while count < sentences and pos < len(text):
        stops = [i for i in (text.find(". ", pos), text.find("\n", pos), text.find("? ", pos), text.find("! ", pos))
                 if i >= 0]
        nxt = min(stops, default=len(text))
        if text[pos:nxt].strip():
            count += 1
        pos = nxt + 1
    return pos


def _animal_finding(ctx: Context) -> str | None:
    """The first animal cue the article reports as the study's own finding, if any: in its own voice,
    not background, and in the lead or in a sentence about the study ("the researchers", "the study")."""
    text = ctx.result.document.text
    lead_end = _lead_end(ctx, _ANIMAL_LEAD_SENTENCES)
    people = ov._phrases("human_sample")
    for other in ctx.result.claims:
        if other.kind == "sample_size" and other.start < lead_end \
                and ov._has(ov._WORD.findall(other.text.lower()), people):
            return None  # the study the article leads with was done in people
    for other in ctx.result.claims:
        if other.kind != "strength" or (other.details or {}).get("type") != "animal":
            continue
        entry = _entry_for(other)
        if entry is None or other.start >= ctx.limit:
            continue
        bounds = ctx.sentence_of(other)
        # Whoever tells it ("the researchers tested it in mice, she said"), it says what the study was done in.
        if ov.judge(text, other.start, other.end, entry, bounds=bounds) is not None:
            continue
        words = ov._WORD.findall(text[bounds[0]:bounds[1]].lower())
        if other.start < lead_end or ov._has(words, ov._phrases("this_study")):
            return other.text.strip()
    return None


def _misdescribed(ctx: Context, claim: Claim, source: Any, word: str) -> None:
    designs = _design_words(ctx.lang).get(fold(word.strip()))
    if not designs:
        # A hype word ("breakthrough") presents new evidence: wrong for a source that has none.
        if source.type not in lexicon()["source_types"]["no_new_evidence"]:
            return
    elif source.type in designs:
        return
    described = word.strip()
    _issue(ctx, claim, "source-type-misdescribed", "warning", "source-type-misdescribed", None, source,
           type=source.type_label, described=described)


def check_causal(ctx: Context, claim: Claim) -> None:
    """causal-overreach: the claim's sentence claims more than the matched source's design supports."""
    if claim.match is None or claim.match.source is None:
        return
    source = ctx.source(claim.match.source)
    if source is None:
        return
    level = ctx.level(claim)
    if level > source.max_strength:
        if any(i.rule == "causal-overreach" for i in claim.issues):
            return
        if source.type in ("animal", "in_vitro") and _tells_animals(ctx, claim):
            # "In mice, the extract lowered inflammation": a cause shown in animals, told as such.
            # Whether it is offered as what happens in people is animal-to-human's question.
            return
        _issue(ctx, claim, "causal-overreach", "warning", "causal-overreach", None, source, level=level,
               type=source.type_label, max=source.max_strength)
