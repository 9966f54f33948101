"""Commands and buttons that are not answers: teams, invites, navigation, export, deletion."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable

from bot.conversation import buttons as B
from bot.conversation import commands, documents, verifier, views
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.messages import Reply
from bot.conversation.services import Services
from bot.conversation.state import ConvState
from bot.conversation.ui import t
from bot.dialogs import engine
from bot.store import InviteInvalid, PermissionDenied

TEAM_NAME_MAX = 80
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def need_team(ctx: Ctx) -> None:
    ctx.say(t("need_team"), [[B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")]])


def _reset(ctx: Ctx) -> None:
    ctx.state = ConvState(name=ctx.state.name)


# ----------------------------------------------------------------------------- commands


async def cmd_start(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await join(ctx, svc, arg)
        return
    teams = await svc.store.teams_of(ctx.user.id)
    if not teams:
        ctx.say(t("welcome"), [[B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")]])
        return
    if ctx.team_id is None:
        ctx.team_id = teams[0].id
    team = next((x for x in teams if x.id == ctx.team_id), teams[0])
    ctx.say(t("welcome_back", team=team.name))
    if ctx.state.mode != "idle":
        await flow.ask(ctx, svc)
    else:
        await show_interviews(ctx, svc)


async def cmd_help(ctx: Ctx, svc: Services, arg: str) -> None:
    ctx.say(t("help", commands=commands.menu()))


async def cmd_new_team(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await create_team(ctx, svc, arg)
        return
    _reset(ctx)
    ctx.state.mode = "team_name"
    await flow.ask(ctx, svc)


async def create_team(ctx: Ctx, svc: Services, name: str) -> None:
    name = " ".join(name.split())
    if not name or len(name) > TEAM_NAME_MAX:
        ctx.say(t("team_name_invalid", max=TEAM_NAME_MAX))
        ctx.state.mode = "team_name"
        return
    team = await svc.store.create_team(ctx.user.id, name)
    _reset(ctx)
    ctx.team_id = team.id
    ctx.note(t("team_created", team=team.name))
    await show_interviews(ctx, svc)


async def cmd_join(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await join(ctx, svc, arg)
        return
    _reset(ctx)
    ctx.state.mode = "invite_code"
    await flow.ask(ctx, svc)


async def join(ctx: Ctx, svc: Services, code: str) -> None:
    code = code.strip()
    if not INVITE_CODE.match(code):
        ctx.say(t("invite_invalid", reason="unknown"))
        ctx.state.mode = "idle"
        return
    try:
        team = await svc.store.redeem_invite(code, ctx.user.id)
    except InviteInvalid as exc:
        ctx.say(t("invite_invalid", reason=exc.reason))
        ctx.state.mode = "idle"
        return
    _reset(ctx)
    ctx.team_id = team.id
    ctx.note(t("team_joined", team=team.name))
    await show_interviews(ctx, svc)


async def cmd_invite(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    code = await svc.store.create_invite(ctx.team_id, ctx.user.id)
    ctx.send(Reply(text=t("invite_created", code=code), invite_code=code))


async def cmd_revoke(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    try:
        n = await svc.store.revoke_invites(ctx.team_id, ctx.user.id)
    except PermissionDenied:
        ctx.say(t("owner_only"))
        return
    ctx.say(t("invites_revoked", n=n))


async def cmd_teams(ctx: Ctx, svc: Services, arg: str) -> None:
    teams = await svc.store.teams_of(ctx.user.id)
    kb = [[B.button(("▶️ " if x.id == ctx.team_id else "") + x.name[:40], "t", x.id)] for x in teams]
    kb.append([B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")])
    ctx.say(t("teams", n=len(teams)), kb)


async def cmd_steps(ctx: Ctx, svc: Services, arg: str) -> None:
    d = await flow.dossier(ctx, svc)
    progs = [engine.progress(svc.bundle, iv, d) for iv in svc.bundle.interviews]
    nxt = next((p for p in progs if p.answered + p.unknown < p.total), None)
    kb = [[B.button(t("btn_open", title=p.title), "i", p.interview_id)] for p in progs]
    ctx.say(t("steps", progs=progs, next=nxt), kb)


async def show_interviews(ctx: Ctx, svc: Services) -> None:
    d = await flow.dossier(ctx, svc)
    progs = [engine.progress(svc.bundle, iv, d) for iv in svc.bundle.interviews]
    kb = [[B.button(f"{p.title} ({p.answered}/{p.total})", "i", p.interview_id)] for p in progs]
    ctx.say(t("interviews", progs=progs), kb)


async def cmd_interviews(ctx: Ctx, svc: Services, arg: str) -> None:
    await show_interviews(ctx, svc)


async def cmd_resume(ctx: Ctx, svc: Services, arg: str) -> None:
    if ctx.state.mode != "idle":
        await flow.ask(ctx, svc)
    elif ctx.state.interview:
        await flow.open_interview(ctx, svc, ctx.state.interview)
    else:
        await show_interviews(ctx, svc)


def _interview_arg(ctx: Ctx, svc: Services, arg: str) -> str | None:
    if arg in svc.bundle.interviews:
        return arg
    return ctx.state.interview


async def cmd_review(ctx: Ctx, svc: Services, arg: str) -> None:
    iv = _interview_arg(ctx, svc, arg)
    if iv is None:
        ctx.say(t("choose_interview_first"))
        await show_interviews(ctx, svc)
        return
    await views.show_review_menu(ctx, svc, iv)


async def cmd_edit(ctx: Ctx, svc: Services, arg: str) -> None:
    iv = ctx.state.interview
    if iv is None:
        ctx.say(t("choose_interview_first"))
        await show_interviews(ctx, svc)
        return
    if not arg.isdigit():
        ctx.say(t("edit_usage"))
        await views.show_review_menu(ctx, svc, iv)
        return
    await flow.edit(ctx, svc, iv, int(arg))


async def cmd_progress(ctx: Ctx, svc: Services, arg: str) -> None:
    await views.show_progress(ctx, svc)


async def cmd_todo(ctx: Ctx, svc: Services, arg: str) -> None:
    await views.show_todo(ctx, svc)


async def cmd_export(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    data = await svc.store.export_team(ctx.team_id, ctx.user.id)
    path = svc.files.new_dir(ctx.team_id) / f"dossier-cpts-{ctx.team_id}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    ctx.send(
        Reply(
            text=t("export_ready"),
            document=path,
            document_name=path.name,
            discard_after_send=True,
            busy="sending_file",
        )
    )


async def cmd_leave(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    if await svc.store.role(ctx.team_id, ctx.user.id) == "owner":
        ctx.say(t("owner_cannot_leave"))
        return
    await svc.store.leave_team(ctx.team_id, ctx.user.id)
    _reset(ctx)
    ctx.team_id = None
    ctx.say(t("left_team"))


async def cmd_delete(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    if await svc.store.role(ctx.team_id, ctx.user.id) != "owner":
        ctx.say(t("owner_only"))
        return
    ctx.state.delete_tok = secrets.token_urlsafe(4)
    team = next(x for x in await svc.store.teams_of(ctx.user.id) if x.id == ctx.team_id)
    ctx.say(
        t("delete_confirm", team=team.name),
        [
            [
                B.button(t("btn_delete_yes"), "dl", ctx.state.delete_tok, "y"),
                B.button(t("btn_delete_no"), "dl", ctx.state.delete_tok, "n"),
            ]
        ],
    )


async def cmd_erase_me(ctx: Ctx, svc: Services, arg: str) -> None:
    """Right to erasure: asks first, then leaves every team and forgets the person."""
    ctx.state.delete_tok = secrets.token_urlsafe(4)
    ctx.say(
        t("erase_me_confirm"),
        [
            [
                B.button(t("btn_erase_me_yes"), "eu", ctx.state.delete_tok, "y"),
                B.button(t("btn_delete_no"), "eu", ctx.state.delete_tok, "n"),
            ]
        ],
    )


async def btn_erase_me(ctx: Ctx, svc: Services, press: B.Press) -> None:
    tok, answer = press.arg(0), press.arg(1)
    if not ctx.state.delete_tok or tok != ctx.state.delete_tok:
        ctx.toast(t("stale_toast"))
        return
    ctx.state.delete_tok = ""
    if answer != "y":
        ctx.say(t("erase_me_cancelled"))
        return
    for team_id in await svc.store.delete_user_data(ctx.user.id):
        svc.files.delete_team(team_id)
    _reset(ctx)
    ctx.team_id = None
    ctx.forget_user = True  # no session row is written back for this person
    ctx.say(t("erase_me_done"))


async def cmd_verify(ctx: Ctx, svc: Services, arg: str) -> None:
    await verifier.show_report(ctx, svc)


async def btn_verify(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_verify(ctx, svc, "")


async def cmd_documents(ctx: Ctx, svc: Services, arg: str) -> None:
    await documents.show_documents(ctx, svc, arg)


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


# ----------------------------------------------------------------------------- global buttons


async def btn_open(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = press.arg(0)
    if iv not in svc.bundle.interviews:
        ctx.toast(t("stale_toast"))
        return
    await flow.open_interview(ctx, svc, iv)


async def btn_team(ctx: Ctx, svc: Services, press: B.Press) -> None:
    try:
        team_id = int(press.arg(0))
    except ValueError:
        team_id = -1
    teams = await svc.store.teams_of(ctx.user.id)
    team = next((x for x in teams if x.id == team_id), None)
    if team is None:
        ctx.toast(t("stale_toast"))
        return
    _reset(ctx)
    ctx.team_id = team.id
    ctx.set_dossier(None)
    ctx.note(t("team_switched", team=team.name))
    await show_interviews(ctx, svc)


async def btn_review(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = press.arg(0)
    if iv not in svc.bundle.interviews:
        ctx.toast(t("stale_toast"))
        return
    if press.arg(1).isdigit():
        await views.show_review(ctx, svc, iv, int(press.arg(1)))
    else:
        await views.show_review_menu(ctx, svc, iv)


async def btn_edit(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = press.arg(0)
    if iv not in svc.bundle.interviews or not press.arg(1).isdigit():
        ctx.toast(t("stale_toast"))
        return
    section = press.arg(2)
    await flow.edit(
        ctx, svc, iv, int(press.arg(1)), from_review=int(section) if section.isdigit() else None
    )


async def btn_back_to_question(ctx: Ctx, svc: Services, press: B.Press) -> None:
    if ctx.state.mode not in ("question", "row"):
        ctx.toast(t("stale_toast"))
        return
    await flow.ask(ctx, svc)


async def btn_todo_all(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await views.show_todo(ctx, svc, every_interview=True)


async def btn_undo(ctx: Ctx, svc: Services, press: B.Press) -> None:
    if not await flow.undo(ctx, svc, press.arg(0), press.arg(1)):
        ctx.toast(t("undo_stale"))
        return
    if ctx.state.mode in ("question", "row"):
        await flow.ask(ctx, svc)


async def btn_progress(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await views.show_progress(ctx, svc)


async def btn_steps(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_steps(ctx, svc, "")


async def btn_new_team(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_new_team(ctx, svc, "")


async def btn_join(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_join(ctx, svc, "")


async def btn_delete(ctx: Ctx, svc: Services, press: B.Press) -> None:
    tok, answer = press.arg(0), press.arg(1)
    if not ctx.state.delete_tok or tok != ctx.state.delete_tok or ctx.team_id is None:
        ctx.toast(t("stale_toast"))
        return
    ctx.state.delete_tok = ""
    if answer != "y":
        ctx.say(t("delete_cancelled"))
        return
    try:
        await svc.store.delete_team(ctx.team_id, ctx.user.id)
    except PermissionDenied:
        ctx.say(t("owner_only"))
        return
    svc.files.delete_team(ctx.team_id)  # drafts and exports not yet swept go with the team
    _reset(ctx)
    ctx.team_id = None
    ctx.say(t("team_deleted"))


async def btn_document(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await documents.send_document(ctx, svc, press.arg(0), press.arg(1))


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
