"""Every command and global button, routed to its handler (the names and French texts of the
commands are in templates/ui/commands.yaml; ``commands`` checks both agree)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation import buttons as B
from bot.conversation.context import Ctx
from bot.conversation.navigation import (
    btn_back_to_question,
    btn_document,
    btn_edit,
    btn_open,
    btn_progress,
    btn_review,
    btn_steps,
    btn_todo_all,
    btn_undo,
    btn_verify,
    cmd_documents,
    cmd_edit,
    cmd_interviews,
    cmd_progress,
    cmd_resume,
    cmd_review,
    cmd_steps,
    cmd_todo,
    cmd_verify,
)
from bot.conversation.services import Services
from bot.conversation.teams import (
    btn_delete,
    btn_erase_me,
    btn_join,
    btn_new_team,
    btn_team,
    cmd_delete,
    cmd_erase_me,
    cmd_export,
    cmd_help,
    cmd_invite,
    cmd_join,
    cmd_leave,
    cmd_new_team,
    cmd_revoke,
    cmd_start,
    cmd_teams,
)

COMMAND_HANDLERS: dict[str, Callable[[Ctx, Services, str], Awaitable[None]]] = {
    "start": cmd_start,
    "aide": cmd_help,
    "etapes": cmd_steps,
    "entretiens": cmd_interviews,
    "reprendre": cmd_resume,
    "revue": cmd_review,
    "modifier": cmd_edit,
    "progression": cmd_progress,
    "acompleter": cmd_todo,
    "documents": cmd_documents,
    "equipes": cmd_teams,
    "nouvelle_equipe": cmd_new_team,
    "rejoindre": cmd_join,
    "inviter": cmd_invite,
    "revoquer": cmd_revoke,
    "export": cmd_export,
    "quitter": cmd_leave,
    "supprimer": cmd_delete,
    "verifier": cmd_verify,
    "effacer_mes_donnees": cmd_erase_me,
}


GLOBAL_BUTTONS: dict[str, Callable[[Ctx, Services, B.Press], Awaitable[None]]] = {
    "rq": btn_back_to_question,
    "td": btn_todo_all,
    "ud": btn_undo,
    "eu": btn_erase_me,
    "vf": btn_verify,
    "i": btn_open,
    "t": btn_team,
    "rv": btn_review,
    "ed": btn_edit,
    "p": btn_progress,
    "st": btn_steps,
    "nt": btn_new_team,
    "jt": btn_join,
    "dl": btn_delete,
    "doc": btn_document,
}

NO_TEAM_BUTTONS = {"t", "nt", "jt", "eu"}
