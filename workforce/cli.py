"""The `workforce` command: read and manage the store from a shell.

  workforce init                 build the store from the bundled dataset if new, then check it
  workforce figures              print stored figures (table, csv or json)
  workforce metrics              one prefecture's derived figures at a date, each with its inputs and sources
  workforce mix                  one period's status or industry mix as shares of the published total
  workforce template             print the long-CSV template
  workforce import FILE          validate, preview and commit a file as a new release
  workforce releases             list releases, oldest first
  workforce rollback ID          deactivate a release (kept, can be re-applied)
  workforce reapply ID           activate a rolled-back release again
  workforce history              every release event; or one figure's values over releases
  workforce analyst add|remove|list|signout NAME
  workforce deck --out FILE      write the briefing slides as a PowerPoint deck (.pptx) or PDF
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

from workforce import schema

EXIT_USAGE = 2
EXIT_STORE = 3


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback, exit code 2."""


def _period(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD (e.g. 2025-06-30), got {text!r}")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workforce", description="Vietnamese residents and workers in Japan: the data store.")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("init", help="build the store from the bundled dataset if it is new, then check it")

    figures = commands.add_parser(
        "figures", help="print stored figures",
        description="Print the active figures that match. Vietnamese (VN) is the default nationality once any "
                    "filter is given; with no options at all, every stored figure is listed.")
    figures.add_argument("--prefecture", help="JIS code or any name: 23, 愛知県, 愛知, Aichi; 00 or 全国 for national")
    figures.add_argument("--measure", choices=list(schema.MEASURES))
    figures.add_argument("--nationality", choices=list(schema.NATIONALITIES))
    figures.add_argument("--period", type=_period, help="reference date, YYYY-MM-DD")
    figures.add_argument("--format", choices=["table", "csv", "json"], default="table")
    figures.add_argument("--municipality", help="municipal code or name: 23211, 豊田市, 豊田, Toyota "
                                                "(municipal figures; implies --level municipality)")
    figures.add_argument("--level", choices=["prefecture", "municipality"], default=None,
                         help="prefecture-level figures (the default) or municipal ones (ISA's 市区町村別 table)")

    derived = commands.add_parser(
        "metrics", help="one prefecture's count, rank, share, rate per 10,000 and growth at a date",
        description="Every value with its inputs and their sources; a value that cannot be computed is empty "
                    "(null) with the reason. Exit code 2 for an unknown prefecture.")
    derived.add_argument("--prefecture", required=True, help="JIS code or any name: 23, 愛知県, Aichi")
    derived.add_argument("--period", type=_period, required=True, help="reference date, YYYY-MM-DD")
    derived.add_argument("--format", choices=["table", "csv", "json"], default="table")

    mixing = commands.add_parser(
        "mix", help="one period's parts as shares of the published total, with the uncovered remainder",
        description="Each part, its value and its share in percent of the period's published total, the total and "
                    "its source; what the parts do not cover is its own row. Exit code 2 when the period has no mix.")
    mixing.add_argument("--measure", choices=["residents", "workers"], required=True)
    mixing.add_argument("--group", choices=["status", "industry"], required=True)
    mixing.add_argument("--period", type=_period, required=True, help="reference date, YYYY-MM-DD")
    mixing.add_argument("--format", choices=["table", "csv", "json"], default="table")

    commands.add_parser("template", help="print the long-CSV template (header and one example row)")

    from workforce.i18n import DEFAULT_LANGUAGE, LANGUAGES
    from workforce.ingest.plan import FORMATS

    importing = commands.add_parser("import", help="validate, preview and commit a file as a new release",
                                    description="Exit codes: 0 committed (or checked with --dry-run), 2 problems found "
                                                "(printed as a table) or commit refused, 3 the data store failed.")
    importing.add_argument("file")
    importing.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE,
                           help="language of the problems and skipped-row lines (en, ja, vi)")
    importing.add_argument("--format", choices=["auto", *FORMATS], default="auto",
                           help="auto picks the reader from the file's content")
    importing.add_argument("--dry-run", action="store_true", help="validate and preview only; store nothing")
    importing.add_argument("--note", default="", help="why this release is made (kept with it)")
    importing.add_argument("--source-title", help="source title for every figure without one")
    importing.add_argument("--source-url", help="source URL (http/https) for every figure without one")
    importing.add_argument("--confirm-large-changes", action="store_true",
                           help="commit even where values change by more than the confirmation factor")

    listing = commands.add_parser("releases", help="list releases, oldest first")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    for name, text in (("rollback", "deactivate a release (recorded, never deleted)"),
                       ("reapply", "activate a rolled-back release again")):
        change = commands.add_parser(name, help=text)
        change.add_argument("release_id", type=int)
        change.add_argument("--note", default="")

    history = commands.add_parser("history", help="release events, or one figure's values over releases")
    history.add_argument("--prefecture")
    history.add_argument("--measure", choices=list(schema.MEASURES))
    history.add_argument("--nationality", choices=list(schema.NATIONALITIES), default="VN")
    history.add_argument("--breakdown", default="total")
    history.add_argument("--period", type=_period)

    analyst = commands.add_parser("analyst", help="manage analyst accounts (password read from a prompt or stdin)")
    analyst.add_argument("action", choices=["add", "remove", "list", "signout"])  # signout: every session of NAME
    analyst.add_argument("name", nargs="?")

    deck = commands.add_parser("deck", help="write the briefing slides as a PowerPoint deck or a PDF",
                               description="The presentation page's slides, with every chart's source line and "
                                           "the key figures in the speaker notes. Exit code 2 for an unknown "
                                           "prefecture or slide kind.")
    deck.add_argument("--out", required=True, help="the file to write, e.g. briefing.pptx or briefing.pdf")
    deck.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE)
    deck.add_argument("--prefecture", nargs="+", action="extend", metavar="CODE_OR_NAME",
                      help="one slide per prefecture, in this order (default: 23, Aichi)")
    deck.add_argument("--slides", help="comma-separated slide kinds in the order wanted, e.g. headline,map,top "
                                       "(default: every kind)")
    deck.add_argument("--format", choices=["pptx", "pdf"], help="default: from the --out extension")

    serving = commands.add_parser("serve", help="run the dashboard as several processes behind nginx (many readers)",
                                  description="N Streamlit processes on loopback ports and nginx in front, which keeps "
                                              "each browser on one process. Needs nginx (Debian: nginx-light). "
                                              "For one process, `streamlit run app.py` is enough.")
    serving.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                         help="Streamlit processes, one per core is a good start (default: the core count)")
    serving.add_argument("--port", type=int, default=8501)
    serving.add_argument("--address", default="127.0.0.1",
                         help="the address nginx listens on; with --workers-only, the address the workers listen on")
    serving.add_argument("--user", help="started as root: the account the Streamlit workers run as (required; "
                                        "'root' to run them as root anyway)")
    spread = serving.add_mutually_exclusive_group()
    spread.add_argument("--workers-only", action="store_true",
                        help="several machines: start only the Streamlit workers, on --address at --port, --port+1, "
                             "... for nginx on another host; needs a PostgreSQL store (WORKFORCE_DB_URL) and the "
                             "same STREAMLIT_SERVER_COOKIE_SECRET on every host")
    spread.add_argument("--upstream", action="append", metavar="HOST:PORT",
                        help="several machines: start only nginx, in front of the worker at HOST:PORT (started "
                             "with --workers-only; repeat for each worker)")
    return parser


def _engine(*, reading: bool = False):
    from workforce import bundled, settings
    from workforce.store import engine_for, ensure_store

    if reading:  # creates nothing in a built store, so a read-only store can be read
        from workforce.store.reading import open_for_reading

        return open_for_reading(settings.db_url(), bundled.figures_file())
    engine = engine_for(settings.db_url())
    ensure_store(engine, bundled.figures_file())
    return engine


def cmd_init(_args: argparse.Namespace) -> int:
    from workforce.store import active_figures, list_releases

    engine = _engine()
    releases = list_releases(engine)
    bundled_release = releases[releases["kind"] == "bundled"].iloc[-1]  # the newest bundle (older ones rolled back)
    print(f"store: {engine.url.render_as_string(hide_password=True)}")
    print(f"releases: {len(releases)} ({int(releases['active'].sum())} active); bundled dataset is release {bundled_release['id']}")
    print(f"active figures: {len(active_figures(engine))}")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from workforce.prefectures import UnknownPrefecture, prefectures
    from workforce.store import active_figures

    any_filter = any(v is not None for v in (args.prefecture, args.measure, args.nationality, args.period))
    nationality = args.nationality or ("VN" if any_filter else None)
    prefecture = None
    if args.prefecture is not None:
        try:
            prefecture = prefectures().match(args.prefecture)
        except UnknownPrefecture as error:
            raise CommandError(str(error)) from error
    if args.municipality is not None or args.level == "municipality":
        return _municipal_figures(args, prefecture, nationality)
    frame = active_figures(_engine(reading=True), prefecture_code=prefecture, measure=args.measure,
                           nationality=nationality, period_end=args.period).drop(columns="release_id")
    if args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1, default=int)
        sys.stdout.write("\n")
    elif args.format == "csv":
        from workforce.export import neutralised

        neutralised(frame).to_csv(sys.stdout, index=False)  # as the page's CSV: no cell runs as a formula
    elif frame.empty:
        print("no stored figure matches")
    else:
        print(frame[schema.KEY + ["value", "source_kind"]].to_string(index=False))
    return 0


def _municipal_figures(args: argparse.Namespace, prefecture: str | None, nationality: str | None) -> int:
    """`workforce figures --level municipality` / `--municipality`: municipal figures, never mixed with the
    prefecture-level ones."""
    from workforce.ingest.isa_municipal import MUNICIPAL_KEY
    from workforce.municipal import match_municipality
    from workforce.store import active_municipal_figures

    if args.level == "prefecture":
        raise CommandError("--municipality asks for municipal figures: leave out --level prefecture")
    nationality = nationality or ("VN" if args.municipality is not None else None)
    frame = active_municipal_figures(_engine(reading=True), prefecture_code=prefecture, measure=args.measure,
                                     nationality=nationality, period_end=args.period).drop(columns="release_id")
    if args.municipality is not None:
        found = match_municipality(args.municipality, frame if len(frame) else active_municipal_figures(
            _engine(reading=True)))
        if not found:
            raise CommandError(f"no stored municipality matches {args.municipality!r} (a 5-digit code, a name as "
                               "published such as 豊田市, or a reading such as Toyota)")
        if len({code for code, _ in found}) > 1:
            raise CommandError(f"{args.municipality!r} names several municipalities: "
                               + ", ".join(f"{code} {name}" for code, name in found) + "; give the code")
        frame = frame[frame["municipality_code"] == found[0][0]]
    if args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1, default=int)
        sys.stdout.write("\n")
    elif args.format == "csv":
        from workforce.export import neutralised

        neutralised(frame).to_csv(sys.stdout, index=False)
    elif frame.empty:
        print("no stored figure matches")
    else:
        print(frame[MUNICIPAL_KEY + ["name_ja", "parent_code", "value", "source_kind"]].to_string(index=False))
    return 0


def _print_frame(frame, fmt: str) -> None:
    """A result as a table, a formula-safe CSV (UTF-8) or JSON records."""
    if fmt == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    elif fmt == "csv":
        from workforce.export import to_excel_safe_csv

        sys.stdout.write(to_excel_safe_csv(frame).decode("utf-8-sig"))
    else:
        print(frame.to_string(index=False))


def cmd_metrics(args: argparse.Namespace) -> int:
    import pandas as pd

    from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture, load_prefectures, prefectures
    from workforce.reports import prefecture_metrics
    from workforce.store import active_figures

    try:
        code = prefectures().match(args.prefecture)
    except UnknownPrefecture as error:
        raise CommandError(str(error)) from error
    if code not in PREFECTURE_CODES:
        raise CommandError(f"expected one of the 47 prefectures (01-47), got {args.prefecture!r}")
    report = prefecture_metrics(active_figures(_engine()), load_prefectures().frame, code, args.period)
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        _print_frame(pd.DataFrame([report]), "csv")
    else:
        width = max(len(key) for key in report)
        for key, value in report.items():
            print(f"{key:<{width}}  {'—' if value is None else value}")
    return 0


def cmd_mix(args: argparse.Namespace) -> int:
    from workforce import bundled
    from workforce.reports import mix_report
    from workforce.store import active_figures

    try:
        frame = mix_report(active_figures(_engine()), bundled.breakdown_labels(), measure=args.measure,
                           group=args.group, period=args.period)
    except LookupError as error:
        raise CommandError(error.args[0]) from error
    _print_frame(frame, args.format)
    return 0


def cmd_template(_args: argparse.Namespace) -> int:
    from workforce.ingest.long_table import template_csv

    sys.stdout.write(template_csv())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workforce.i18n import Translator
    from workforce.ingest.plan import CommitRefused, commit, plan_import
    from workforce.store.releases import current_actor

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    engine = _engine()
    plan = plan_import(engine, path.read_bytes(), path.name, args.format,
                       source_title=args.source_title, source_url=args.source_url)
    result, t = plan.result, Translator(args.lang)
    municipal = f", {len(result.municipal):,} municipal figures" if result.municipal is not None else ""
    print(f"{path.name}: format {result.format}, {len(result.figures):,} figures read{municipal}")
    for skipped in result.skipped:
        print(f"skipped {t.count(skipped.rows)} {skipped.what.text(t)}: {skipped.reason.text(t)}")
    if not result.ok:
        print(t("update.problems", count=len(result.problems)), file=sys.stderr)
        print(result.problem_table(t).to_string(index=False), file=sys.stderr)
        return EXIT_USAGE
    if plan.preview is None:
        raise CommandError("the file holds no figures")
    print(plan.preview.summary())
    if len(plan.preview.revised):
        print(plan.preview.revised.to_string(index=False, max_rows=50))
    _print_municipal_preview(plan.preview.municipal)
    _print_to_confirm(plan.preview)
    if args.dry_run:
        print("dry run: nothing was stored")
        return 0
    try:
        release_id = commit(engine, plan, actor=current_actor(), note=args.note,
                            confirm_large_changes=args.confirm_large_changes)
    except CommitRefused as error:
        raise CommandError(error.message.text(t)) from error
    print(f"committed release {release_id}")
    return 0


def _print_municipal_preview(changes) -> None:
    """The municipal figures of the file, as the page lists them: revised ones, then the new ones (the first 50)."""
    if changes is None:
        return
    for title, table in (("revised municipal figures (old → new)", changes.revised),
                         ("new municipal figures", changes.new)):
        if len(table):
            print(f"{title}:")
            print(table.to_string(index=False, max_rows=50))


def _print_to_confirm(preview) -> None:
    """Each value that needs --confirm-large-changes, with the stored value and date it is compared with."""
    from workforce import settings

    if not preview.to_confirm:
        return
    print(f"{preview.to_confirm:,} values change by more than the confirmation factor "
          f"({settings.CHANGE_FACTOR.value()}×) against the stored value of the same figure or, for a new period, "
          "of the same series at the nearest earlier stored period; check them against the source, then commit "
          "with --confirm-large-changes:")
    levels = [("prefecture", preview.large, [])]
    if preview.municipal is not None:
        levels.append(("municipality", preview.municipal.large, ["name_ja"]))
    shown = 0
    for level, large, labels in levels:
        for row in large.itertuples(index=False):
            if shown == 50:
                print(f"  … and {preview.to_confirm - shown:,} more")
                return
            where = getattr(row, "prefecture_code" if level == "prefecture" else "municipality_code")
            name = "".join(f" {getattr(row, label)}" for label in labels)
            what = " ".join(str(getattr(row, c)) for c in ("nationality", "measure", "breakdown") if hasattr(row, c))
            against = "stored" if row.compared_period == row.period_end else f"stored for {row.compared_period}"
            print(f"  {level} {where}{name}, {what}, {row.period_end}: {row.new:,} against {row.old:,} {against}")
            shown += 1


def cmd_releases(args: argparse.Namespace) -> int:
    from workforce.store import list_releases

    frame = list_releases(_engine(reading=True))
    frame["active"] = frame["active"].astype(bool)
    if args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1, default=int)
        sys.stdout.write("\n")
    else:
        print(frame.to_string(index=False))
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from workforce.store import ReleaseError, set_release_active
    from workforce.store.releases import current_actor

    try:
        set_release_active(_engine(), args.release_id, active, actor=current_actor(), note=args.note)
    except ReleaseError as error:
        raise CommandError(str(error)) from error
    print(f"release {args.release_id} {'re-applied' if active else 'rolled back'}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from workforce.prefectures import UnknownPrefecture, prefectures
    from workforce.store import figure_history, list_events

    engine = _engine(reading=True)
    if args.prefecture is None:
        print(list_events(engine).to_string(index=False))
        return 0
    if not (args.measure and args.period):
        raise CommandError("a figure's history needs --prefecture, --measure and --period")
    try:
        code = prefectures().match(args.prefecture)
    except UnknownPrefecture as error:
        raise CommandError(str(error)) from error
    key = dict(prefecture_code=code, measure=args.measure, nationality=args.nationality,
               breakdown=args.breakdown, period_end=args.period)
    print(figure_history(engine, key).to_string(index=False))
    return 0


def cmd_analyst(args: argparse.Namespace) -> int:
    import getpass

    from workforce.store.analysts import AnalystError, add_analyst, list_analysts, remove_analyst
    from workforce.store.releases import current_actor

    engine = _engine()
    if args.action == "list":
        print(list_analysts(engine).to_string(index=False))
        return 0
    if not args.name:
        raise CommandError(f"analyst {args.action} needs a NAME")
    try:
        if args.action == "remove":
            remove_analyst(engine, args.name, actor=current_actor())
            print(f"removed analyst {args.name}")
            return 0
        if args.action == "signout":
            from workforce.store.analysts import sign_out_everywhere

            print(f"ended {sign_out_everywhere(engine, args.name, actor=current_actor())} sessions of {args.name}")
            return 0
        if sys.stdin.isatty():
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                raise CommandError("the two passwords differ")
        else:
            password = sys.stdin.readline().rstrip("\n")
        add_analyst(engine, args.name, password, actor=current_actor())
    except AnalystError as error:
        raise CommandError(f"expected {error}" if not str(error).startswith(("analyst", "no analyst")) else str(error)) from error
    print(f"added analyst {args.name}")
    return 0


def cmd_deck(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workforce.prefectures import UnknownPrefecture, prefectures

    out = Path(args.out)
    file_format = args.format or out.suffix.lower().lstrip(".")
    if file_format not in ("pptx", "pdf"):
        raise CommandError(f"cannot tell the format from {out.name!r}: name it .pptx or .pdf, or give --format")
    if not out.parent.is_dir():
        raise CommandError(f"no such folder: {out.parent}")
    try:
        codes = tuple(prefectures().match(name) for name in (args.prefecture or ["23"]))
    except UnknownPrefecture as error:
        raise CommandError(str(error)) from error

    from workforce import deck
    from workforce.briefing import briefing_data
    from workforce.renderer import RenderError
    from workforce.briefing import build_slides
    from workforce.slide_kinds import DEFAULT_SLIDES, SLIDE_KINDS
    from workforce.i18n import Translator
    from workforce.store import active_figures, active_municipal_figures

    kinds = tuple(k.strip() for k in args.slides.split(",") if k.strip()) if args.slides else DEFAULT_SLIDES
    unknown = [k for k in kinds if k not in SLIDE_KINDS]
    if unknown or not kinds:
        problem = f"unknown slide kind {', '.join(unknown)}" if unknown else "no slide kind given"
        raise CommandError(f"{problem}; expected some of: {','.join(SLIDE_KINDS)}")
    t = Translator(args.lang)
    engine = _engine(reading=True)
    slides = build_slides(briefing_data(active_figures(engine), active_municipal_figures(engine)), t, kinds=kinds,
                          prefectures=codes)
    try:
        data = (deck.build_pptx if file_format == "pptx" else deck.build_pdf)(slides, t)
    except RenderError as error:
        raise CommandError(str(error)) from error
    out.write_bytes(data)
    print(f"{out}: {len(slides)} slides ({file_format})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from workforce.serve import ServeError, parse_upstream, serve

    if not 1 <= args.workers <= 64:
        raise CommandError("--workers must be between 1 and 64")
    try:
        upstreams = [parse_upstream(text) for text in args.upstream or []]
    except ServeError as error:
        raise CommandError(str(error)) from None
    if args.workers_only and not 1 <= args.port <= 65535 - args.workers:
        raise CommandError("--workers-only: the workers listen on --port, --port+1, ...: choose a lower --port")
    return serve(args.workers, args.port, args.address, args.user, workers_only=args.workers_only,
                 upstreams=upstreams)


COMMANDS = {"init": cmd_init, "figures": cmd_figures, "metrics": cmd_metrics, "mix": cmd_mix,
            "template": cmd_template, "import": cmd_import,
            "releases": cmd_releases, "rollback": lambda a: _set_active(a, False),
            "reapply": lambda a: _set_active(a, True), "history": cmd_history, "analyst": cmd_analyst,
            "deck": cmd_deck, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from sqlalchemy.exc import DBAPIError

    try:
        return COMMANDS[args.command](args)
    except CommandError as error:
        print(f"workforce {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DBAPIError as error:
        # The store refused (unreachable, read-only, disk full): one readable line, nothing half-done.
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        print(f"workforce {args.command}: the data store failed ({reason}); nothing was changed", file=sys.stderr)
        return EXIT_STORE
