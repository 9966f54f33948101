"""The ``cpts-bot`` command: ``ask``, ``chat``, ``run``, ``verifier`` and ``documents``.

Imports are deferred to each sub-command so that the one-shot ``cpts-bot ask`` stays fast.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cpts-bot", description="Compagnon CPTS")
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="répondre à une question (FAQ) ; sans argument : interactif")
    ask.add_argument("question", nargs="*")
    ask.add_argument(
        "--details", action="store_true", help="afficher aussi chaque détail (boutons dépliés)"
    )

    chat = sub.add_parser("chat", help="le compagnon dans le terminal (base SQLite locale)")
    chat.add_argument("--db", help="chemin de la base SQLite (défaut : $CPTS_DB)")
    chat.add_argument("--user", type=int, default=None, help="identifiant d'utilisateur local")
    chat.add_argument("--name", default=None, help="nom affiché (ex. « Julie M. »)")

    run = sub.add_parser("run", help="bot Telegram si un jeton est configuré, sinon le terminal")
    run.add_argument("--db", help="chemin de la base SQLite (défaut : $CPTS_DB)")

    verifier = sub.add_parser(
        "verifier", help="vérification avant dépôt d'un fichier de dossier (code 1 si bloquant)"
    )
    verifier.add_argument("--dossier", required=True, help="export JSON de /export ou YAML")

    documents = sub.add_parser("documents", help="produire tous les documents d'un dossier")
    documents.add_argument("--dossier", required=True, help="export JSON de /export ou YAML")
    documents.add_argument("--out", required=True, help="répertoire où écrire les .docx")
    documents.add_argument(
        "--version",
        choices=("travail", "envoi"),
        default="travail",
        help="travail : avec la vérification et les notes ; envoi : à transmettre à l'ARS",
    )

    args = parser.parse_args(argv)
    if args.command == "verifier":
        from bot.facilitator import run_verifier

        return run_verifier(args.dossier)
    if args.command == "documents":
        from bot.facilitator import run_documents

        return run_documents(args.dossier, args.out, args.version)
    if args.command == "ask":
        from bot.ask import run_ask

        return run_ask(" ".join(args.question), details=args.details)
    if args.command == "chat":
        from bot.terminal import run_chat

        return run_chat(db=args.db, user_id=args.user, name=args.name)
    if args.command in ("run", None):
        from bot.launcher import run_main

        return run_main(db=getattr(args, "db", None))
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
