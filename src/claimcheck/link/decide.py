"""From evidence to links: give shared names to one source, score, apply the threshold, make scopes.

A name several sources share goes to the guideline version its sentence speaks of (NICE 2009 or
2016), else to the source with the most evidence of its own (in the same paragraph first, then in
the whole article), else to the original study (the earliest, of the best design). A source's score
is the sum of its signals' weights (the strongest occurrence of each, plus `repeat` for each further
one); it is linked at `threshold`, and without a naming signal only in an article on its topic.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimcheck.link import find
from claimcheck.link.find import Spot
from claimcheck.link.index import LinkIndex, link_index, link_label
from claimcheck.link.links import Links
from claimcheck.link.signals import signals
from claimcheck.link.versions import sentence_at, version_near
from claimcheck.model import DocumentResult, Evidence, StudyLink
from claimcheck.textfold import contains_phrase, fold

if TYPE_CHECKING:
    from claimcheck.register import Register

_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
#: A repeated signal adds at most this many repeats.
MAX_REPEATS = 3


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line separated blocks, or lines when the text has no blank lines."""
    splitter = _PARAGRAPH if _PARAGRAPH.search(text) else re.compile(r"\n+")
    out, pos = [], 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((pos, len(text)))
    return out


def _article_year(published: str | None) -> int | None:
    found = _YEAR.search(published or "")
    return int(found.group()) if found else None


def _assign(spots: list[Spot], index: LinkIndex, folded: str, article_year: int | None,
            para_of: list[int], terms_at: dict[str, set[int]], topical: set[str]) -> list[tuple[Spot, str, str]]:
    """(spot, source, signal) with every shared spot given to one source. `terms_at` holds, per
    source, the paragraphs where its intervention terms stand (evidence of its own, too)."""
    weight = signals().weight
    single: list[tuple[Spot, str, str]] = []
    own_para: dict[tuple[str, int], float] = {}
    own_doc: dict[str, float] = {}
    for source, where in terms_at.items():
        own_doc[source] = weight("intervention")
        for p in where:
            own_para[(source, p)] = weight("intervention")
    for spot, para in zip(spots, para_of, strict=True):
        if len({s for s, _ in spot.candidates}) == 1:
            source, signal = max(spot.candidates, key=lambda c: weight(c[1]))
            single.append((spot, source, signal))
            own_para[(source, para)] = own_para.get((source, para), 0.0) + weight(signal)
            own_doc[source] = own_doc.get(source, 0.0) + weight(signal)
    for source in topical:
        own_doc[source] = own_doc.get(source, 0.0) + weight("topic")
    out = list(single)
    for spot, para in zip(spots, para_of, strict=True):
        best_signal: dict[str, str] = {}
        for source, signal in spot.candidates:
            if source not in best_signal or weight(signal) > weight(best_signal[source]):
                best_signal[source] = signal
        if len(best_signal) == 1:
            continue
        top = max(weight(g) for g in best_signal.values())
        pool = [s for s in best_signal if weight(best_signal[s]) == top]
        # Evidence of its own in the same paragraph decides. A distinctive name (PRT) then goes to the
        # original study, not its follow-up or press release; a generic one (BMJ, NICE, University of
        # Sydney) to the source (or guideline family) the rest of the article supports.
        tiers = [lambda s, p=para: own_para.get((s, p), 0.0)]
        if top < weight("trial-name"):
            tiers.append(lambda s: own_doc.get(s, 0.0))
        groups: dict[tuple[str, ...], list[str]] = {}
        for source in pool:
            groups.setdefault(index.family.get(source, (source,)), []).append(source)
        if len(groups) > 1:
            keys = list(groups)
            for own in tiers:
                best = max(max(own(m) for m in groups[k]) for k in keys)
                if best > 0:
                    keys = [k for k in keys if max(own(m) for m in groups[k]) == best]
                    break
            key = min(keys, key=lambda k: min(index.rank[m] for m in groups[k]))
            pool = groups[key]
        family = index.family.get(pool[0])
        if family and len(pool) > 1:
            # A name of only one member in the same sentence ("the ACP and the American Pain Society")
            # says which; else what the sentence says about time and advice.
            sentence = sentence_at(folded, spot.start, spot.end)
            named = [m for m in pool if any(sentence[0] <= o.start < sentence[1] and src == m
                                            for o, src, g in single if g != "guideline-word")]
            chosen = named[0] if len(named) == 1 else version_near(
                folded, spot.start, spot.end, family, index.first_year, article_year, index.content)
            if chosen in best_signal:
                out.append((spot, chosen, best_signal[chosen]))
                continue
        for own in tiers:
            best = max(own(s) for s in pool)
            if best > 0:
                pool = [s for s in pool if own(s) == best]
                break
        chosen = min(pool, key=lambda s: index.rank[s])
        out.append((spot, chosen, best_signal[chosen]))
    out.sort(key=lambda row: (row[0].start, row[1]))
    return out


_DATED = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)\W{0,3}(?:\w+\W+){0,2}?(guidelines?|guidance|richtlijn|standaard)\b|"
                    r"\b(guidelines?|guidance|richtlijn|standaard)\W+(?:\w+\W+){0,2}?(?:of|from|van|uit)\W+(19\d\d|20\d\d)(?!\d)")


def _dated_guidance(folded: str, index: LinkIndex, evidence: dict[str, list[Evidence]],
                    article_year: int | None) -> list[Spot]:
    """"its 2016 guideline", "de richtlijn uit 2017": in an article that names a guideline family,
    the member in force that year (a body-year signal for it)."""
    from claimcheck.link.versions import in_force

    families = {index.family[s] for s in evidence if s in index.family}
    out: list[Spot] = []
    for m in _DATED.finditer(folded) if families else ():
        year = int(m.group(1) or m.group(4))
        for family in families:
            if year < index.first_year[family[0]] or (article_year and year > article_year):
                continue
            chosen = in_force(family, index.first_year, year)
            if index.first_year[chosen] == year:
                out.append(Spot(m.start(), m.end(), m.group(), [(chosen, "body-year")]))
    return out


def _on_topic(index: LinkIndex, source: str, body: str, cache: dict[str, bool]) -> bool:
    topics = index.topics.get(source, ())
    if not topics:
        return True
    weak = signals().weak_topics
    for phrase in topics:
        if phrase in weak and any(t not in weak for t in topics):
            continue
        if phrase not in cache:
            cache[phrase] = contains_phrase(body, phrase)
        if cache[phrase]:
            return True
    return False


def _score(evidence: list[Evidence]) -> float:
    sig = signals()
    best: dict[str, float] = {}
    count: dict[str, int] = {}
    for e in evidence:
        if e.signal in sig.tiebreak:
            continue
        key = f"{e.signal}:{fold(e.text)}" if e.signal in sig.per_text else e.signal
        best[key] = max(best.get(key, 0.0), e.weight)
        count[key] = count.get(key, 0) + 1
    return sum(w + sig.repeat * min(count[k] - 1, MAX_REPEATS) for k, w in best.items())


def link_document(result: DocumentResult, register: Register, folded_text: str | None = None) -> Links:
    """Decide which register entries `result`'s document discusses; fill `result.studies` and each
    numeric claim's `frame.study`; return the Links the grader reads. `folded_text` is
    `fold(document.text)` when the caller has it already."""
    from claimcheck.model import Frame

    sig = signals()
    document = result.document
    limit = document.comments_start if document.comments_start is not None else len(document.text)
    text = document.text[:limit]
    folded = folded_text[:limit] if folded_text is not None else fold(text)
    index = link_index(register)
    article_year = _article_year(document.published)
    paras = paragraphs(text)
    starts = [p[0] for p in paras]

    def para(offset: int) -> int:
        from bisect import bisect_right

        return max(0, bisect_right(starts, offset) - 1)

    spots = find.identifiers(result, register)
    named = find.names(text, folded, index)
    stated = find.results(result.claims, index, limit)
    spots += named + find.guideline_words(folded, named) + stated + find.follow_ups(folded, index)
    # a number that states a result (value and time) is that evidence, not a bare number as well
    spots += [n for n in find.numbers(folded, index)
              if not any(r.start <= n.start < r.end for r in stated)]
    if article_year is not None:  # an article cannot discuss a source published after it
        for spot in spots:
            spot.candidates = [(s, g) for s, g in spot.candidates
                               if index.first_year[s] <= article_year or g in ("doi", "pmid", "pmcid", "url")]
        spots = [s for s in spots if s.candidates]
    candidates = {s for spot in spots for s, _ in spot.candidates}
    stems = set().union(*(index.interventions.get(s, set()) for s in candidates)) if candidates else set()
    found_terms = find.terms(folded, stems)
    terms_at: dict[str, set[int]] = {}
    for source in candidates:
        for stem in index.interventions.get(source, ()):
            for s, _ in found_terms.get(stem, ()):
                terms_at.setdefault(source, set()).add(para(s))
    topic_cache: dict[str, bool] = {}
    topical = {s for s in candidates if index.topics.get(s) and _on_topic(index, s, folded, topic_cache)}
    assigned = _assign(spots, index, folded, article_year, [para(s.start) for s in spots], terms_at, topical)

    evidence: dict[str, list[Evidence]] = {}
    for spot, source, signal in assigned:
        evidence.setdefault(source, []).append(
            Evidence(signal, text[spot.start:spot.end], spot.start, spot.end, sig.weight(signal)))
    for spot in _dated_guidance(folded, index, evidence, article_year):
        source, signal = spot.candidates[0]
        evidence.setdefault(source, []).append(
            Evidence(signal, text[spot.start:spot.end], spot.start, spot.end, sig.weight(signal)))
    designs = find.arms(folded, index, set(evidence))
    studies: list[StudyLink] = []
    placed: dict[int, dict[str, float]] = {}
    considered: dict[str, float] = {}
    for source, items in evidence.items():
        on_topic = _on_topic(index, source, folded, topic_cache)
        context = list(items)
        terms = sorted((spans[0], stem) for stem, spans in found_terms.items() if stem in index.interventions[source])
        if terms:
            (s, e), _ = terms[0]
            context.append(Evidence("intervention", text[s:e], s, e, sig.weight("intervention")))
        if source in designs:
            s, e = designs[source]
            context.append(Evidence("arms", text[s:e], s, e, sig.weight("arms")))
        if on_topic and index.topics.get(source):
            word = next((t for t in index.topics[source] if topic_cache.get(t) and t not in sig.weak_topics),
                        next((t for t in index.topics[source] if topic_cache.get(t)), ""))
            context.append(Evidence("topic", word, None, None, sig.weight("topic")))
        score = _score(context)
        considered[source] = round(score, 3)
        named_it = any(e.signal in sig.naming for e in items)
        specific = {e.signal if e.signal not in sig.per_text else f"{e.signal}:{fold(e.text)}"
                    for e in context if e.signal in sig.specific}
        sized = any(e.signal in sig.sizes for e in items)
        if score + 1e-9 < sig.threshold or not (named_it or on_topic or (sized and len(specific) >= 2)):
            continue
        spans = sorted({para(e.start) for e in items if e.signal in sig.placing and e.start is not None})
        for e in items:
            if e.signal in sig.placing and e.start is not None:
                here = placed.setdefault(para(e.start), {})
                here[source] = here.get(source, 0.0) + e.weight
        cited = any(e.signal in ("doi", "pmid", "pmcid", "url", "registry") for e in items)
        studies.append(StudyLink(source=source, score=round(score, 3), evidence=context,
                                 scope=[paras[p] for p in spans], cited=cited,
                                 label=link_label(register.sources[source])))
    studies.sort(key=lambda s: (-s.score, index.rank[s.source]))
    links = Links(studies=studies, folded=folded, index=index, article_year=article_year, paragraphs=paras,
                  placed=placed, considered=considered)
    result.studies = studies
    for claim in result.claims:
        if claim.kind not in ("attribution", "strength") and claim.start < limit:
            found = links.for_span(claim.start, claim.end)
            if claim.frame is None:
                claim.frame = Frame()
            claim.frame.study = found[0] if found else None
    return links
