"""`claimcheck rules` (every rule id, as a table or JSON) and `claimcheck rules explain RULE`."""

from __future__ import annotations

import json
import shutil
import textwrap

import click

LANG_NAMES = {"en": "English", "nl": "Dutch"}


def _table() -> str:
    from claimcheck import rules

    registry = sorted(rules.registry().values(), key=lambda r: r.id)
    width = max(len(r.id) for r in registry)
    columns = shutil.get_terminal_size((100, 24)).columns
    text_width = max(columns - width - 13, 30)
    lines = [f"{'rule':<{width}}  {'level':<7}  what it checks", f"{'-' * width}  {'-' * 7}  {'-' * 14}"]
    for rule in registry:
        summary = rule.short + (f". Instead: {rule.fix['en']}" if rule.fix.get("en") else "")
        wrapped = textwrap.wrap(summary, text_width) or [""]
        lines.append(f"{rule.id:<{width}}  {rule.level:<7}  {wrapped[0]}")
        lines.extend(f"{'':<{width}}  {'':<7}  {more}" for more in wrapped[1:])
    lines.append("")
    lines.append(f"{len(registry)} rules · `claimcheck rules explain RULE` for one · docs/rules.md")
    return "\n".join(lines) + "\n"


def explain_text(rule_id: str) -> str:
    """What `claimcheck rules explain RULE` prints."""
    from claimcheck import rules
    from claimcheck.project import rules_doc_url

    rule = rules.get(rule_id)
    if rule is None:
        raise click.UsageError(rules.unknown_message(rule_id))
    out = [f"{rule.id} ({rule.level}): {rule.short}", ""]
    if rule.full:
        out += [textwrap.fill(rule.full, 88), ""]
    if rule.help:
        out += [rule.help, ""]
    for lang, fix in sorted(rule.fix.items()):
        out.append(f"Write instead ({LANG_NAMES.get(lang, lang)}): {fix}")
    for kind, title in (("flag", "Flags"), ("pass", "Lets pass")):
        for lang, texts in sorted(rule.examples.get(kind, {}).items()):
            out.extend(f"{title} ({LANG_NAMES.get(lang, lang)}): {text}" for text in texts)
    out += ["", f"More: {rules_doc_url(rule.id)}"]
    return "\n".join(out) + "\n"


@click.group("rules", invoke_without_command=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@click.pass_context
def rules(ctx: click.Context, fmt: str) -> None:
    """List every rule id claimcheck can report: its default level, what it checks, what to write instead.

    The ids are the ones `--disable`, `--severity`, the configuration's `disable` and `[severity]`, and
    suppression comments accept.
    """
    if ctx.invoked_subcommand is not None:
        return
    from claimcheck import rules as registry

    if fmt == "json":
        data = {"rules": [r.to_dict() for r in sorted(registry.registry().values(), key=lambda r: r.id)]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(), nl=False)


@rules.command("explain")
@click.argument("rule_id", metavar="RULE")
def explain_rule(rule_id: str) -> None:
    """Explain one rule: what it checks, what to write instead, examples."""
    click.echo(explain_text(rule_id), nl=False)


@click.command("explain")
@click.argument("rule_id", metavar="RULE")
def explain(rule_id: str) -> None:
    """Explain one rule (the same as `claimcheck rules explain RULE`)."""
    click.echo(explain_text(rule_id), nl=False)
