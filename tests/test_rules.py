"""The rule registry: every rule id the code and the register can emit is documented, listed and explained.

The ids the grader can emit are read from the source with `ast`: string constants passed as `rule`
to `Issue(...)`, `Finding(...)` or any function of grade/ (or suppress.py) that takes a `rule`
parameter (`ctx.issue(claim, "rounded-up", ...)`, `_finding(ctx, "no-citation", ...)`), followed
through local variables, conditional expressions and module-level tables named `*RULE*`; plus every
`rule = "..."` in the register's claims/ and sources/.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimcheck import rules, rules_doc
from claimcheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "claimcheck"
EMITTERS = [*sorted((PACKAGE / "grade").rglob("*.py")), PACKAGE / "suppress.py", PACKAGE / "checker.py"]
_RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _passes_rule_on(function: ast.AST, emitters: dict[str, int]) -> bool:
    """True when `function` hands its `rule` parameter to an emitter (so it emits what it is given)."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _call_name(node) in emitters:
            index = emitters[_call_name(node) or ""]
            arg = next((k.value for k in node.keywords if k.arg == "rule"), None)
            if arg is None and len(node.args) > index:
                arg = node.args[index]
            if isinstance(arg, ast.Name) and arg.id == "rule":
                return True
    return False


def _rule_params(trees: list[ast.Module]) -> dict[str, int]:
    """Emitter name -> position of its `rule` argument at call sites (self/cls not counted).

    `Issue` and `Finding`, and every function with a `rule` parameter that it passes on to an emitter
    (found to a fixpoint); functions that only look a rule up (`message(rule, ...)`) do not count.
    """
    out: dict[str, int] = {"Issue": 0, "Finding": 0}
    functions = [n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    changed = True
    while changed:
        changed = False
        for node in functions:
            names = [a.arg for a in node.args.args]
            if node.name in out or "rule" not in names or not _passes_rule_on(node, out):
                continue
            offset = 1 if names[0] in ("self", "cls") else 0
            out[node.name] = names.index("rule") - offset
            changed = True
    return out


def _strings(node: ast.AST | None, scope: ast.AST, module: ast.Module) -> set[str]:
    """The string constants `node` can evaluate to (as far as can be read without running it)."""
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, scope, module) | _strings(node.orelse, scope, module)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_strings(v, scope, module) for v in node.values))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return _strings(node.func.value, scope, module) | set().union(*(_strings(a, scope, module)
                                                                         for a in node.args[1:]))
    if isinstance(node, ast.Dict):
        return set().union(*(_strings(v, scope, module) for v in node.values))
    if isinstance(node, ast.Name):
        found: set[str] = set()
        for holder in (scope, module):
            for sub in ast.walk(holder):
                targets = sub.targets if isinstance(sub, ast.Assign) else \
                    [sub.target] if isinstance(sub, ast.AnnAssign) else []
                if any(isinstance(x, ast.Name) and x.id == node.id for x in targets):
                    found |= _strings(sub.value, module, module)  # type: ignore[attr-defined]
            if found:
                break
        return found
    return set()


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def emitted_rule_ids() -> dict[str, set[str]]:
    """Every rule id the code can emit -> the places that emit it."""
    modules = [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in EMITTERS]
    params = _rule_params([tree for _, tree in modules])
    out: dict[str, set[str]] = {}
    for path, tree in modules:
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]

        def scope_of(call: ast.Call, functions: list[Any] = functions, tree: ast.Module = tree) -> ast.AST:
            for function in functions:
                if function.lineno <= call.lineno <= (function.end_lineno or function.lineno) \
                        and any(sub is call for sub in ast.walk(function)):
                    return function
            return tree

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _call_name(node) not in params:
                continue
            index = params[_call_name(node) or ""]
            arg = next((k.value for k in node.keywords if k.arg == "rule"), None)
            if arg is None and len(node.args) > index:
                arg = node.args[index]
            for value in _strings(arg, scope_of(node), tree):
                if _RULE_ID.match(value):
                    out.setdefault(value, set()).add(f"{path.relative_to(ROOT)}:{node.lineno}")
    for folder in ("claims", "sources"):
        for file in sorted((ROOT / folder).glob("*.toml")):
            for value in _toml_rules(tomllib.loads(file.read_text(encoding="utf-8"))):
                out.setdefault(value, set()).add(str(file.relative_to(ROOT)))
    return out


def _toml_rules(data: Any) -> list[str]:
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k == "rule" and isinstance(v, str)]
        return found + [r for v in data.values() for r in _toml_rules(v)]
    if isinstance(data, list):
        return [r for v in data for r in _toml_rules(v)]
    return []


def test_the_scan_finds_the_rules_it_should() -> None:
    """The scanner itself: it must see the fixed rules of the design's vocabulary that the code emits."""
    found = emitted_rule_ids()
    for rule_id in ("number-mismatch", "misattribution", "rounded-up", "missing-caveat", "no-citation",
                    "invalid-suppression", "unused-suppression", "conflicting-evidence", "superseded-source"):
        assert rule_id in found, rule_id


def test_every_rule_the_grader_can_emit_is_in_the_registry() -> None:
    missing = {rule_id: sorted(where) for rule_id, where in emitted_rule_ids().items()
               if rules.get(rule_id) is None}
    assert not missing, (f"rule ids emitted but not described in formats/templates/rules.toml or rules/*.toml "
                         f"(add an entry, then `python -m claimcheck.rules_doc`): {missing}")


def test_every_rule_has_level_fix_and_examples_in_both_languages() -> None:
    problems = []
    for rule in rules.registry().values():
        if rule.level not in rules.LEVELS:
            problems.append(f"{rule.id}: level {rule.level!r}")
        if not rule.short or not rule.full:
            problems.append(f"{rule.id}: short/full missing")
        for lang in rules.LANGS:
            if not rule.fix.get(lang):
                problems.append(f"{rule.id}: fix.{lang} missing")
            for kind in ("flag", "pass"):
                if not rule.examples.get(kind, {}).get(lang):
                    problems.append(f"{rule.id}: examples.{kind}.{lang} missing")
    assert not problems, problems


def test_rules_command_lists_every_id_in_the_registry() -> None:
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["rules", "--format", "json"]).stdout)["rules"]
    assert [r["id"] for r in listed] == rules.ids()
    assert set(rules.ids()) >= set(emitted_rule_ids())
    first = listed[0]
    assert set(first) >= {"id", "level", "checks", "fix", "examples"}
    assert set(first["examples"]["flag"]) == {"en", "nl"}
    table = runner.invoke(cli, ["rules"])
    assert table.exit_code == 0
    for rule_id in rules.ids():
        assert any(line.startswith(rule_id + " ") for line in table.stdout.splitlines()), rule_id


def test_explain_a_rule_and_a_misspelt_one() -> None:
    runner = CliRunner()
    for args in (["rules", "explain", "hype-language"], ["explain", "hype-language"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0
        assert result.stdout.startswith("hype-language (warning): Hype language")
        assert "Write instead (Dutch):" in result.stdout and "Flags (English):" in result.stdout
        assert "docs/rules.md#hype-language" in result.stdout
    wrong = runner.invoke(cli, ["rules", "explain", "hype-langauge"])
    assert wrong.exit_code == 2
    assert "unknown rule 'hype-langauge'; did you mean hype-language?" in wrong.stderr


def test_docs_rules_md_is_current_and_has_an_anchor_per_rule() -> None:
    path = ROOT / "docs" / "rules.md"
    assert rules_doc.main(["--check", str(path)]) == 0, "docs/rules.md is out of date: python -m claimcheck.rules_doc"
    text = path.read_text(encoding="utf-8")
    for rule_id in rules.ids():
        assert f'<a id="{rule_id}"></a>' in text, rule_id


def test_rules_doc_check_notices_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "rules.md"
    stale.write_text(rules_doc.render().replace("hype-language", "hype"), encoding="utf-8")
    assert rules_doc.main(["--check", str(stale)]) == 1
    assert rules_doc.main([str(stale)]) == 0
    assert rules_doc.main(["--check", str(stale)]) == 0


def test_a_new_rules_file_is_picked_up_without_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import shutil
    from importlib import resources

    templates = tmp_path / "templates"
    shutil.copytree(Path(str(resources.files("claimcheck.formats").joinpath("templates"))), templates)
    (templates / "rules").mkdir(exist_ok=True)
    (templates / "rules" / "zz-test.toml").write_text(
        '[made-up-rule]\nshort = "A made-up rule"\nfull = "Checks nothing."\nlevel = "info"\n'
        'fix = { en = "Write it plainly.", nl = "Schrijf het eenvoudig." }\n', encoding="utf-8")

    class Fake:
        def joinpath(self, *parts: str) -> Path:
            return tmp_path.joinpath(*parts)

    rules.registry.cache_clear()
    monkeypatch.setattr(rules.resources, "files", lambda package: Fake())
    try:
        assert rules.get("made-up-rule") is not None
        assert rules.get("made-up-rule").file == "rules/zz-test.toml"
        (templates / "rules" / "zz-dupe.toml").write_text('[made-up-rule]\nshort = "again"\n', encoding="utf-8")
        rules.registry.cache_clear()
        with pytest.raises(ValueError, match="already defined"):
            rules.registry()
    finally:
        rules.registry.cache_clear()


@pytest.mark.parametrize("name", ["sarif"])
def test_sarif_rules_carry_help_uri_and_help(name: str) -> None:
    from claimcheck.formats import RenderOptions, render
    from test_formats_fixtures import sample_report

    log = json.loads(render(name, sample_report(), RenderOptions()))
    for descriptor in log["runs"][0]["tool"]["driver"]["rules"]:
        assert descriptor["helpUri"].endswith(f"/docs/rules.md#{descriptor['id']}")
        assert descriptor["help"]["text"] and "What to write instead:" in descriptor["help"]["text"]
