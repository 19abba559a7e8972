"""The configuration reference cannot drift from the code that reads the settings.

``.. gencloud-settings:: gencloud_mfa.conf`` is a ``list-table`` whose rows are
``NAME`` | default | meaning. At build time every row is compared with the
module's ``get()``: the name must be one it reads, and the first literal of
the default cell (````5````, ````None````, ````['critical', 'warning']````)
must equal the default it passes. Once all pages are read, every name the
module reads must have a row. Each mismatch is a Sphinx warning, so
``sphinx-build -W`` fails; ``tests/unit/test_docs_settings.py`` runs the same
comparison without Sphinx.

The defaults are taken from the code itself, not from its text: ``get()`` is
called with ``getattr`` replaced, in the module's namespace, by a recorder
that answers every ``getattr(settings, NAME, default)`` with ``default``. So
``GENCLOUD_MFA_USER_MAX_FAILURES`` (``2 * max_failures``) is recorded as 10 and
``30 * DAY`` as 2592000, whatever the running settings say.
"""
from __future__ import annotations

import ast
import builtins
import importlib
import re

NAME = re.compile(r'``([A-Z][A-Z0-9_]*)``')
LITERAL = re.compile(r'``(.+?)``')
DIRECTIVE = re.compile(r'^\.\. gencloud-settings:: (\S+)\s*$')


def conf_defaults(module_name: str) -> dict:
    """{setting name: default} for every getattr(settings, ...) the module's get() makes."""
    module = importlib.import_module(module_name)
    from django.conf import settings

    recorded = {}
    missing = object()

    def recorder(obj, name, default=missing):
        if obj is settings:
            recorded[name] = None if default is missing else default
            return recorded[name]
        if default is missing:
            return builtins.getattr(obj, name)
        return builtins.getattr(obj, name, default)

    module.getattr = recorder
    try:
        module.get()
    finally:
        del module.getattr
    return recorded


def parse_rows(lines: list[str]) -> list[tuple[int, list[str]]]:
    """list-table content -> [(line index, [cell text, ...])], header row included."""
    rows: list[tuple[int, list[str]]] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if text.startswith('* - '):
            rows.append((index, [text[4:]]))
        elif text.startswith('- ') and rows:
            rows[-1][1].append(text[2:])
        elif text and rows and not text.startswith(':'):
            rows[-1][1][-1] += ' ' + text
    return rows


def _plain(value):
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def compare(defaults: dict, rows: list[tuple[int, list[str]]]) -> list[tuple[int, str]]:
    """Problems [(line index, message)] of documented rows against the code's defaults."""
    problems = []
    for index, cells in rows:
        found = NAME.fullmatch(cells[0].strip())
        if not found:
            continue  # the header row
        name = found.group(1)
        if name not in defaults:
            problems.append((index, f'{name} is documented but not read by the code'))
            continue
        literal = LITERAL.search(cells[1]) if len(cells) > 1 else None
        if not literal:
            problems.append((index, f'{name}: the default cell has no ``literal``'))
            continue
        try:
            documented = ast.literal_eval(literal.group(1))
        except (ValueError, SyntaxError):
            problems.append((index, f'{name}: default {literal.group(1)!r} is not a literal'))
            continue
        actual = defaults[name]
        if _plain(documented) != _plain(actual) or (
                isinstance(documented, bool) != isinstance(actual, bool)):
            problems.append((index, f'{name}: documented default {documented!r}, '
                                    f'the code has {actual!r}'))
    return problems


def documented_names(rows) -> set[str]:
    return {m.group(1) for _, cells in rows if (m := NAME.fullmatch(cells[0].strip()))}


def tables_in(text: str) -> list[tuple[str, int, list[str]]]:
    """[(module, first content line number, content lines)] of the directives in an rst file."""
    lines = text.splitlines()
    found = []
    for start, line in enumerate(lines):
        match = DIRECTIVE.match(line)
        if not match:
            continue
        body = []
        for following in lines[start + 1:]:
            if following.strip() and not following.startswith(' '):
                break
            body.append(following)
        found.append((match.group(1), start + 2, body))
    return found


def check_file(text: str) -> list[str]:
    """Every problem of an rst file's settings tables, completeness included."""
    problems, seen = [], {}
    for module, first, body in tables_in(text):
        rows = parse_rows(body)
        defaults = conf_defaults(module)
        problems += [f'line {first + i}: {m}' for i, m in compare(defaults, rows)]
        seen.setdefault(module, set()).update(documented_names(rows))
    for module, names in seen.items():
        for name in sorted(set(conf_defaults(module)) - names):
            problems.append(f'{name} is read by {module} but has no row')
    return problems


def setup(app):
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.tables import ListTable
    from sphinx.util import logging

    logger = logging.getLogger(__name__)

    class SettingsTable(ListTable):
        required_arguments = 1
        option_spec = {**ListTable.option_spec, 'header-rows': directives.nonnegative_int}

        def run(self):
            module = self.arguments[0]
            env = self.state.document.settings.env
            rows = parse_rows(list(self.content))
            try:
                defaults = conf_defaults(module)
            except Exception as exc:  # noqa: BLE001 - reported as a build warning
                logger.warning(f'gencloud-settings: cannot read {module}: {exc!r}',
                               location=(env.docname, self.lineno))
                defaults = {}
            for index, message in compare(defaults, rows):
                logger.warning(f'gencloud-settings: {message}',
                               location=(env.docname, self.content_offset + index + 1))
            store = env.__dict__.setdefault('gencloud_settings', {})
            store.setdefault(env.docname, {}).setdefault(module, set()).update(
                documented_names(rows))
            self.arguments = []
            return super().run()

    def purge(app, env, docname):
        env.__dict__.get('gencloud_settings', {}).pop(docname, None)

    def merge(app, env, docnames, other):
        store = env.__dict__.setdefault('gencloud_settings', {})
        store.update(other.__dict__.get('gencloud_settings', {}))

    def complete(app, env):
        by_module: dict[str, set[str]] = {}
        for modules in env.__dict__.get('gencloud_settings', {}).values():
            for module, names in modules.items():
                by_module.setdefault(module, set()).update(names)
        for module, names in by_module.items():
            for name in sorted(set(conf_defaults(module)) - names):
                logger.warning(f'gencloud-settings: {name} is read by {module} '
                               'but has no row in the configuration reference')

    app.add_directive('gencloud-settings', SettingsTable)
    app.connect('env-purge-doc', purge)
    app.connect('env-merge-info', merge)
    app.connect('env-check-consistency', complete)
    return {'version': '1', 'parallel_read_safe': True, 'parallel_write_safe': True}
