"""The `workforce` command: read and manage the store from a shell.

  workforce init       build the store from the bundled dataset if new, then check it
  workforce figures    print stored figures (table, csv or json)
"""
from __future__ import annotations

import argparse
import json
import re
import sys

from workforce import schema

EXIT_USAGE = 2


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
    return parser


def _engine():
    from workforce import bundled, settings
    from workforce.store import engine_for, ensure_store

    engine = engine_for(settings.db_url())
    ensure_store(engine, bundled.figures_file())
    return engine


def cmd_init(_args: argparse.Namespace) -> int:
    from workforce import bundled, settings
    from workforce.store import active_figures, list_releases
    from workforce.store.releases import file_sha256

    engine = _engine()
    releases = list_releases(engine)
    bundled_release = releases[releases["kind"] == "bundled"].iloc[0]
    print(f"store: {engine.url.render_as_string(hide_password=True)}")
    print(f"releases: {len(releases)} ({int(releases['active'].sum())} active); bundled dataset is release {bundled_release['id']}")
    print(f"active figures: {len(active_figures(engine))}")
    if bundled_release["sha256"] != file_sha256(bundled.figures_file()):
        print(f"note: {bundled.figures_file()} differs from the bundled release stored in {settings.DB_URL.env}'s store; "
              "the store keeps its releases (import the new file to add it).", file=sys.stderr)
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
    frame = active_figures(_engine(), prefecture_code=prefecture, measure=args.measure,
                           nationality=nationality, period_end=args.period).drop(columns="release_id")
    if args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1, default=int)
        sys.stdout.write("\n")
    elif args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif frame.empty:
        print("no stored figure matches")
    else:
        print(frame[schema.KEY + ["value", "source_kind"]].to_string(index=False))
    return 0


COMMANDS = {"init": cmd_init, "figures": cmd_figures}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommandError as error:
        print(f"workforce {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
