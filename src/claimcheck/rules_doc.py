"""docs/rules.md, generated from the rules data (`claimcheck.rules`).

Regenerate after changing a rules file::

    python -m claimcheck.rules_doc            # writes docs/rules.md
    python -m claimcheck.rules_doc --check    # exit 1 when docs/rules.md is out of date

Each rule gets a heading with an explicit anchor (`<a id="RULE"></a>`), so SARIF `helpUri` and
`claimcheck rules explain` can point at `docs/rules.md#RULE`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from claimcheck import rules

LANG_NAMES = {"en": "English", "nl": "Dutch"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def rule_section(rule: rules.Rule) -> list[str]:
    """The Markdown section of one rule."""
    out = [f'<a id="{rule.id}"></a>', f"## `{rule.id}`", "", f"**{rule.short}.** Default level: `{rule.level}`."
           f" Defined in `formats/templates/{rule.file}`.", ""]
    if rule.full:
        out += [rule.full, ""]
    if rule.help:
        out += [rule.help, ""]
    if rule.fix:
        out.append("What to write instead:")
        out.append("")
        out.extend(f"- {LANG_NAMES.get(lang, lang)}: {text}" for lang, text in sorted(rule.fix.items()))
        out.append("")
    for kind, title in (("flag", "Flagged"), ("pass", "Not flagged")):
        for lang, texts in sorted(rule.examples.get(kind, {}).items()):
            for text in texts:
                out += [f"{title} ({LANG_NAMES.get(lang, lang)}):", "", "```text", text, "```", ""]
    return out


def render() -> str:
    """The whole of docs/rules.md."""
    registry = rules.registry()
    out = [
        "# claimcheck rules",
        "",
        "<!-- Generated from src/claimcheck/formats/templates/rules.toml and rules/*.toml by",
        "     `python -m claimcheck.rules_doc`; do not edit by hand. -->",
        "",
        "Every rule id claimcheck can report. Use the ids with `--disable RULE`, `--severity RULE=LEVEL`,",
        "`disable = [...]` and `[severity]` in `claimcheck.toml`, and in suppression comments",
        "(`<!-- claimcheck-disable-next-line RULE -- reason -->`). `claimcheck rules` lists them and",
        "`claimcheck rules explain RULE` prints one.",
        "",
        "| rule | level | what it checks |",
        "| --- | --- | --- |",
    ]
    out.extend(f"| [`{r.id}`](#{r.id}) | {r.level} | {_cell(r.short)} |" for r in sorted(registry.values(),
                                                                                      key=lambda r: r.id))
    out.append("")
    for rule in sorted(registry.values(), key=lambda r: r.id):
        out.extend(rule_section(rule))
    return "\n".join(out).rstrip("\n") + "\n"


def default_path() -> Path:
    """docs/rules.md of the source tree this module sits in."""
    return Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md, or with `--check` say whether it is current (exit 1 when not)."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else default_path()
    text = render()
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is out of date: run `python -m claimcheck.rules_doc`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
